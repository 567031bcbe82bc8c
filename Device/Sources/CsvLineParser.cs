using System.Globalization;
using EdgeAE.Device.Pipeline;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Device.Sources;

/// <summary>
/// Parses text lines of delimited numbers into frames of a fixed channel order, for the line-based
/// sources (stdin, UDP text, serial). A header line (any non-numeric field) maps columns by name and
/// may name a time column; empty fields become NaN (a sensor fault, not a crash). Lines without a
/// time are stamped with the stream clock.
/// </summary>
public sealed class CsvLineParser
{
    private readonly string[] channels;
    private readonly StreamClock clock;
    private int[]? map;          // field index for each channel, from a header
    private int timeField = -1;
    private char? delimiter;

    public CsvLineParser(IReadOnlyList<string> channels, StreamClock clock)
    {
        this.channels = channels.ToArray();
        this.clock = clock;
    }

    public long Malformed { get; private set; }
    public string? LastProblem { get; private set; }

    public enum Result { Frame, Header, Skipped }

    /// <summary>Parses one line; on <see cref="Result.Frame"/> the values are in <paramref name="values"/> and the time in <paramref name="timestamp"/> (now if the line has none).</summary>
    public Result Parse(ReadOnlySpan<char> line, Span<float> values, out DateTime timestamp)
    {
        timestamp = clock.Now;
        line = line.Trim();
        if (line.IsEmpty || line[0] == '#') return Result.Skipped;
        char d = delimiter ??= SensorDataReader.DetectDelimiter(line.ToString());
        Span<Range> fields = stackalloc Range[Math.Max(channels.Length + 2, 64)];
        int count = line.Split(fields, d);
        if (count == fields.Length) return Problem($"more than {fields.Length - 1} fields");

        if (map is null && !IsNumeric(line[fields[0]]) && !IsTime(line[fields[0]]))
            return ReadHeader(line, fields[..count]);

        if (map is null)
        {
            int expected = channels.Length + (timeField >= 0 ? 1 : 0);
            if (count != expected) return Problem($"{count} fields, expected {channels.Length} channel values");
        }
        for (int c = 0; c < channels.Length; c++)
        {
            int f = map?[c] ?? (timeField >= 0 && c >= timeField ? c + 1 : c);
            if (f >= count) return Problem($"missing field {f + 1}");
            var text = line[fields[f]].Trim();
            if (text.IsEmpty) values[c] = float.NaN;
            else if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]))
                return Problem($"'{text}' is not a number ({channels[c]})");
        }
        if (timeField >= 0 && timeField < count &&
            DateTime.TryParse(line[fields[timeField]].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            timestamp = t;
        return Result.Frame;
    }

    private Result ReadHeader(ReadOnlySpan<char> line, ReadOnlySpan<Range> fields)
    {
        var names = new string[fields.Length];
        for (int i = 0; i < fields.Length; i++) names[i] = line[fields[i]].Trim().ToString();
        timeField = Array.FindIndex(names, SensorDataReader.IsTimeColumn);
        var m = new int[channels.Length];
        for (int c = 0; c < channels.Length; c++)
        {
            m[c] = Array.IndexOf(names, channels[c]);
            if (m[c] < 0)
            {
                // Without the names we need, fall back to position (after the time column).
                map = null;
                LastProblem = $"header lacks channel '{channels[c]}': using columns by position";
                return Result.Header;
            }
        }
        map = m;
        return Result.Header;
    }

    private Result Problem(string what)
    {
        Malformed++;
        LastProblem = what;
        return Result.Skipped;
    }

    private static bool IsNumeric(ReadOnlySpan<char> s)
    {
        s = s.Trim();
        return s.IsEmpty || float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }

    private bool IsTime(ReadOnlySpan<char> s) =>
        timeField == 0 && DateTime.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
}
