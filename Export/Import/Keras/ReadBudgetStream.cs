namespace EdgeAE.Export.Import.Keras;

/// <summary>
/// A read-only stream that fails once more than a budget of bytes has been read through it: a bound on
/// how long a damaged HDF5 file can keep PureHDF busy. PureHDF 2.2.0's path-based reader
/// (<c>H5File.OpenRead(path)</c>) never returned on Tests/Fuzz/regressions/keras/purehdf-blocks-forever.h5;
/// through a stream it reads to the end of the data and fails there. A structure that points back into
/// itself could still loop through a stream, so the importer reads through this one: a Keras file is
/// read a few times over at most, never 64 times.
/// </summary>
public sealed class ReadBudgetStream(Stream inner, long budget) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private int Count(int n)
    {
        read += n;
        if (read > budget)
            throw new InvalidDataException($"reading it went over {budget:N0} bytes for a {inner.Length:N0}-byte file: a damaged structure that points back into itself");
        return n;
    }
}
