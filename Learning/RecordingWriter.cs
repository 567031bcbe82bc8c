using System.Buffers.Binary;
using System.Text.Json;

namespace EdgeAE.Learning;

/// <summary>
/// Appends healthy rows to a recording directory. Opening an existing recording keeps it (a restart
/// continues where the last run stopped) and cuts a torn last record. The file stops growing at
/// <c>maxBytes</c>: rows past the bound are refused, never written over earlier ones. <see cref="Append"/>
/// allocates nothing: it runs on the scoring thread for every frame.
/// </summary>
public sealed class RecordingWriter : IDisposable
{
    private readonly FileStream data;
    private readonly byte[] buffer;
    private readonly int recordBytes;
    private readonly long maxRows;
    private int buffered;

    public RecordingWriter(string directory, IReadOnlyList<string> channels, LearnSettings settings, long maxBytes)
    {
        System.IO.Directory.CreateDirectory(directory);
        Directory = directory;
        string header = RecordingLayout.Header(directory);
        if (File.Exists(header))
        {
            var existing = RecordingReader.ReadHeader(directory);
            if (!existing.Channels.SequenceEqual(channels))
                throw new EdgeAE.Runtime.InputException(header, $"the recording holds channels [{string.Join(", ", existing.Channels)}], the source gives [{string.Join(", ", channels)}]: remove the recording to start a new one");
            Settings = existing.Settings;
        }
        else
        {
            Settings = settings;
            string temp = header + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(new RecordingHeader { Channels = channels.ToArray(), Settings = settings }, LearningJsonContext.Default.RecordingHeader));
            File.Move(temp, header, overwrite: true);
        }
        Channels = channels.Count;
        recordBytes = RecordingLayout.RecordBytes(Channels);
        maxRows = Math.Max(0, maxBytes / recordBytes);
        data = new FileStream(RecordingLayout.Data(directory), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        long whole = data.Length / recordBytes;
        if (whole * recordBytes != data.Length) data.SetLength(whole * recordBytes);   // torn tail from a power cut
        data.Seek(0, SeekOrigin.End);
        Rows = whole;
        buffer = new byte[recordBytes * 256];
    }

    public string Directory { get; }
    public int Channels { get; }
    /// <summary>The settings the recording was started with (a restarted recording keeps its first ones).</summary>
    public LearnSettings Settings { get; }
    public long Rows { get; private set; }
    public bool Full => Rows >= maxRows;

    /// <summary>Appends one row; false when the size bound is reached (the row is not recorded).</summary>
    public bool Append(DateTime utc, ReadOnlySpan<float> values)
    {
        if (Rows >= maxRows) return false;
        if (buffered + recordBytes > buffer.Length) Flush();
        var span = buffer.AsSpan(buffered, recordBytes);
        BinaryPrimitives.WriteInt64LittleEndian(span, utc.Ticks);
        for (int c = 0; c < Channels; c++)
            BinaryPrimitives.WriteSingleLittleEndian(span[(sizeof(long) + c * sizeof(float))..], values[c]);
        buffered += recordBytes;
        Rows++;
        return true;
    }

    /// <summary>Hands buffered rows to the OS; <paramref name="durable"/> also waits for the disk.</summary>
    public void Flush(bool durable = false)
    {
        if (buffered > 0)
        {
            data.Write(buffer, 0, buffered);
            buffered = 0;
        }
        if (durable) data.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        Flush(durable: true);
        data.Dispose();
    }
}
