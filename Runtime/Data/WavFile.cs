using System.Buffers.Binary;

namespace EdgeAE.Runtime.Data;

/// <summary>
/// RIFF/WAVE audio: PCM 8/16/24/32-bit and IEEE float 32/64, plain or WAVE_FORMAT_EXTENSIBLE.
/// Samples become floats as librosa/soundfile make them: integer PCM divided by 2^(bits−1)
/// (16-bit: x / 32768, in [−1, 1)), float as stored. A file that is not WAV, uses another encoding
/// or is cut short is refused with one line naming what is wrong.
/// </summary>
public static class WavFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>Parses the header up to the first sample; the stream is left at <see cref="WavFormat.DataOffset"/>.</summary>
    public static WavFormat ReadHeader(Stream stream, string source)
    {
        Span<byte> head = stackalloc byte[12];
        if (stream.ReadAtLeast(head, 12, throwOnEndOfStream: false) < 12
            || !head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8))
            throw new InputException(source, "is not a WAV file (no RIFF/WAVE header)");
        long position = 12;
        WavFormat? format = null;
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> fmt = stackalloc byte[40];
        Span<byte> sink = stackalloc byte[256];
        while (true)
        {
            if (stream.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) < 8)
                throw new InputException(source, format is null ? "truncated WAV: no fmt chunk" : "truncated WAV: no data chunk");
            position += 8;
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size < 16 || size > 40) throw new InputException(source, $"WAV fmt chunk of {size} bytes (expected 16, 18 or 40)");
                var f = fmt[..(int)size];
                if (stream.ReadAtLeast(f, f.Length, throwOnEndOfStream: false) < f.Length) throw new InputException(source, "truncated WAV: the fmt chunk is cut short");
                position += size;
                ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(f);
                int channels = BinaryPrimitives.ReadUInt16LittleEndian(f[2..]);
                int rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(f[4..]);
                int bits = BinaryPrimitives.ReadUInt16LittleEndian(f[14..]);
                if (tag == FormatExtensible && size >= 40) tag = BinaryPrimitives.ReadUInt16LittleEndian(f[24..]);
                bool isFloat = tag == FormatFloat;
                if (tag != FormatPcm && !isFloat) throw new InputException(source, $"WAV encoding {tag} is not supported (PCM or IEEE float only)");
                if (isFloat ? bits is not (32 or 64) : bits is not (8 or 16 or 24 or 32))
                    throw new InputException(source, $"WAV {(isFloat ? "float" : "PCM")} with {bits} bits per sample is not supported");
                if (channels < 1) throw new InputException(source, "WAV header says 0 channels");
                if (rate < 1) throw new InputException(source, $"WAV header says {rate} Hz");
                format = new WavFormat(rate, channels, bits, isFloat, 0, 0);
                if ((size & 1) == 1) position += stream.Read(chunk[..1]);
                continue;
            }
            if (chunk[..4].SequenceEqual("data"u8))
            {
                if (format is null) throw new InputException(source, "WAV data chunk before its fmt chunk");
                long available = stream.CanSeek ? stream.Length - position : long.MaxValue;
                // 0xFFFFFFFF (or 0) is what streaming writers such as arecord leave when they cannot seek back: the data runs to the end.
                long bytes = size is 0xFFFFFFFF or 0 && stream.CanSeek ? available - available % format.BlockAlign : size;
                if (bytes > available)
                    throw new InputException(source, $"truncated WAV: the data chunk declares {size} bytes, the file holds {available}");
                if (bytes % format.BlockAlign != 0)
                    throw new InputException(source, $"truncated WAV: {bytes} data bytes are not a whole number of {format.BlockAlign}-byte frames");
                return format with { DataOffset = position, DataBytes = bytes };
            }
            // Other chunks (LIST, fact, cue …): skip, keeping RIFF's even alignment.
            long skip = size + (size & 1);
            if (stream.CanSeek)
            {
                if (position + skip > stream.Length) throw new InputException(source, "truncated WAV: a chunk runs past the end of the file");
                stream.Seek(skip, SeekOrigin.Current);
            }
            else
            {
                for (long left = skip; left > 0;)
                {
                    int n = stream.Read(sink[..(int)Math.Min(left, sink.Length)]);
                    if (n == 0) throw new InputException(source, "truncated WAV: a chunk runs past the end of the stream");
                    left -= n;
                }
            }
            position += skip;
        }
    }

    /// <summary>Decodes whole frames of <paramref name="bytes"/> (interleaved, as stored) into floats.</summary>
    public static void Decode(ReadOnlySpan<byte> bytes, WavFormat format, Span<float> destination)
    {
        int width = format.BytesPerSample;
        int count = bytes.Length / width;
        for (int i = 0; i < count; i++)
        {
            var b = bytes.Slice(i * width, width);
            destination[i] = (format.IsFloat, width) switch
            {
                (true, 4) => BinaryPrimitives.ReadSingleLittleEndian(b),
                (true, _) => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
                (false, 1) => (b[0] - 128) / 128f,
                (false, 2) => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768f,
                (false, 3) => ((b[2] << 24 | b[1] << 16 | b[0] << 8) >> 8) / 8388608f,
                _ => (float)(BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0),
            };
        }
    }

    /// <summary>A whole WAV file as a table: channels c0, c1, … (mapped to a bundle's channels in order), <see cref="SensorTable.SampleRate"/> set.</summary>
    public static SensorTable Read(string path, DataReadOptions? options = null)
    {
        options ??= new DataReadOptions();
        using var stream = File.OpenRead(path);
        var format = ReadHeader(stream, path);
        if (format.Frames > int.MaxValue / format.Channels) throw new InputException(path, $"{format.Frames} frames are too many to read at once");
        var bytes = new byte[format.DataBytes];
        stream.ReadExactly(bytes);
        var values = new float[format.Frames * format.Channels];
        Decode(bytes, format, values);
        string[] names = Enumerable.Range(0, format.Channels).Select(i => $"c{i}").ToArray();
        var table = new SensorTable(names, values, source: path) { SampleRate = format.SampleRate };
        var (start, end) = options.Rows.Resolve(table.Rows);
        var sliced = start == 0 && end == table.Rows ? table : table.Slice(start, end);
        return options.Columns is { Count: > 0 } cols ? sliced.SelectChannels(cols) : sliced;
    }

    /// <summary>Writes 16-bit PCM (values clipped to [−1, 1), × 32768, rounded): test audio and recordings.</summary>
    public static void Write16(string path, int sampleRate, int channels, ReadOnlySpan<float> interleaved)
    {
        int dataBytes = interleaved.Length * 2;
        var bytes = new byte[44 + dataBytes];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], (uint)(sampleRate * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], (uint)dataBytes);
        for (int i = 0; i < interleaved.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(s[(44 + 2 * i)..], (short)Math.Clamp(Math.Round(interleaved[i] * 32768.0), short.MinValue, short.MaxValue));
        File.WriteAllBytes(path, bytes);
    }
}
