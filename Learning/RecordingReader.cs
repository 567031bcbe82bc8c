using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Learning;

/// <summary>Reads a recording directory back as a sensor table (whole records only), with the SHA-256 of the rows read.</summary>
public static class RecordingReader
{
    public static RecordingHeader ReadHeader(string directory)
    {
        string path = RecordingLayout.Header(directory);
        if (!File.Exists(path)) throw new InputException(path, "no recording here (recording.json is missing)");
        try
        {
            var header = JsonSerializer.Deserialize(File.ReadAllText(path), LearningJsonContext.Default.RecordingHeader);
            if (header is null || header.Channels.Length == 0) throw new InputException(path, "the recording header names no channels");
            return header;
        }
        catch (JsonException e)
        {
            throw new InputException(path, $"the recording header is not valid JSON ({e.Message})");
        }
    }

    /// <summary>Frames the board lost to sensor faults while recording (0 when it counted none).</summary>
    public static long FaultedFrames(string directory)
    {
        string path = RecordingLayout.Faults(directory);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long n) && n > 0 ? n : 0;
    }

    public static (RecordingHeader Header, SensorTable Table, string Sha256) Read(string directory)
    {
        var header = ReadHeader(directory);
        string path = RecordingLayout.Data(directory);
        if (!File.Exists(path)) throw new InputException(path, "no recorded rows (recording.bin is missing)");
        int c = header.Channels.Length, recordBytes = RecordingLayout.RecordBytes(c);
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            long whole = stream.Length / recordBytes;
            if (whole > int.MaxValue / Math.Max(1, c)) throw new InputException(path, "the recording is too large to learn from in one piece");
            bytes = new byte[whole * recordBytes];
            stream.ReadExactly(bytes);
        }
        int rows = bytes.Length / recordBytes;
        var values = new float[rows * c];
        var times = new DateTime[rows];
        for (int r = 0; r < rows; r++)
        {
            var span = bytes.AsSpan(r * recordBytes, recordBytes);
            times[r] = new DateTime(BinaryPrimitives.ReadInt64LittleEndian(span), DateTimeKind.Utc);
            for (int j = 0; j < c; j++) values[r * c + j] = BinaryPrimitives.ReadSingleLittleEndian(span[(sizeof(long) + j * sizeof(float))..]);
        }
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return (header, new SensorTable(header.Channels, values, times, source: path), sha);
    }
}
