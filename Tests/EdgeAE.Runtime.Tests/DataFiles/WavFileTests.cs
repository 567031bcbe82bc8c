using System.Buffers.Binary;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Runtime.Tests.DataFiles;

/// <summary>WAV decoding against bytes built here field by field (RIFF layout, librosa's integer scaling).</summary>
public class WavFileTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-wav-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    /// <summary>A RIFF/WAVE file: fmt (16 or 40 bytes), optional extra chunks before data, the data bytes.</summary>
    private string Build(ushort tag, int channels, int rate, int bits, byte[] data, byte[]? extraChunk = null, bool extensible = false, uint? dataSize = null)
    {
        var body = new List<byte>();
        void U16(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); body.AddRange(b); }
        void U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); body.AddRange(b); }
        body.AddRange("WAVE"u8.ToArray());
        body.AddRange("fmt "u8.ToArray());
        U32(extensible ? 40u : 16u);
        U16(extensible ? 0xFFFE : tag);
        U16(channels);
        U32((uint)rate);
        U32((uint)(rate * channels * bits / 8));
        U16(channels * bits / 8);
        U16(bits);
        if (extensible)
        {
            U16(22); U16(bits); U32(0);
            U16(tag); body.AddRange(new byte[14]); // SubFormat GUID: the tag, then the fixed tail (not checked)
        }
        if (extraChunk is not null) body.AddRange(extraChunk);
        body.AddRange("data"u8.ToArray());
        U32(dataSize ?? (uint)data.Length);
        body.AddRange(data);
        var file = new List<byte>("RIFF"u8.ToArray());
        var size = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Count);
        file.AddRange(size);
        file.AddRange(body);
        string path = Path.Combine(dir, $"{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, file.ToArray());
        return path;
    }

    [Test]
    public void SixteenBitIsDividedBy32768AndTheRateIsKept()
    {
        var data = new byte[6];
        BinaryPrimitives.WriteInt16LittleEndian(data, short.MinValue);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2), 16384);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4), short.MaxValue);
        var t = WavFile.Read(Build(1, 1, 16000, 16, data));
        Assert.That(t.Values, Is.EqualTo(new[] { -1f, 0.5f, 32767f / 32768 }));
        Assert.That(t.SampleRate, Is.EqualTo(16000));
        Assert.That(t.SamplePeriod(), Is.EqualTo(TimeSpan.FromTicks(625)));
    }

    [Test]
    public void TwentyFourBitStereoEightBitAndFloatDecode()
    {
        // 24-bit: −2^23 and 2^22 in two channels of one frame.
        var stereo = WavFile.Read(Build(1, 2, 48000, 24, [0x00, 0x00, 0x80, 0x00, 0x00, 0x40]));
        Assert.That((stereo.ChannelCount, stereo.Rows), Is.EqualTo((2, 1)));
        Assert.That(stereo.Values, Is.EqualTo(new[] { -1f, 0.5f }));
        Assert.That(WavFile.Read(Build(1, 1, 8000, 8, [0, 128, 192])).Values, Is.EqualTo(new[] { -1f, 0f, 0.5f }), "8-bit is unsigned, offset 128");
        var f = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(f, 0.25f);
        BinaryPrimitives.WriteSingleLittleEndian(f.AsSpan(4), -1.5f);
        Assert.That(WavFile.Read(Build(3, 1, 16000, 32, f)).Values, Is.EqualTo(new[] { 0.25f, -1.5f }), "float as stored");
        Assert.That(WavFile.Read(Build(3, 1, 16000, 32, f, extensible: true)).Values, Is.EqualTo(new[] { 0.25f, -1.5f }), "WAVE_FORMAT_EXTENSIBLE's subformat");
    }

    [Test]
    public void OtherChunksAreSkippedAndAStreamingSizeRunsToTheEnd()
    {
        byte[] list = [.. "LIST"u8.ToArray(), 3, 0, 0, 0, 1, 2, 3, 0]; // odd size, padded to even
        var data = new byte[4];
        BinaryPrimitives.WriteInt16LittleEndian(data, 8192);
        Assert.That(WavFile.Read(Build(1, 1, 16000, 16, data, list)).Values, Is.EqualTo(new[] { 0.25f, 0f }));
        // arecord writing to a pipe cannot seek back and leaves 0xFFFFFFFF: the samples are what the file holds.
        Assert.That(WavFile.Read(Build(1, 1, 16000, 16, data, dataSize: 0xFFFFFFFF)).Rows, Is.EqualTo(2));
    }

    [TestCase(7, 16, "WAV encoding 7 is not supported (PCM or IEEE float only)")]
    [TestCase(1, 12, "WAV PCM with 12 bits per sample is not supported")]
    [TestCase(3, 16, "WAV float with 16 bits per sample is not supported")]
    public void UnsupportedEncodingsAreOneLine(int tag, int bits, string message)
    {
        string path = Build((ushort)tag, 1, 16000, bits, new byte[4]);
        var e = Assert.Throws<InputException>(() => WavFile.Read(path));
        Assert.That(e!.Message, Does.EndWith(message));
    }

    [Test]
    public void APartialFrameIsTruncation()
    {
        string path = Build(1, 2, 16000, 16, new byte[6]);
        var e = Assert.Throws<InputException>(() => WavFile.Read(path));
        Assert.That(e!.Message, Does.EndWith("truncated WAV: 6 data bytes are not a whole number of 4-byte frames"));
    }
}
