namespace EdgeAE.Device.Sensors.Mcp3008;

/// <summary>
/// One MCP3008 conversion: single-ended CH0..CH7 against AGND, or a pseudo-differential pair (IN+ − IN−,
/// reads 0 when IN+ is below IN−). <see cref="Code"/> is the SGL/DIFF bit and D2..D0 (datasheet table 5-2).
/// </summary>
public readonly record struct Mcp3008Input(bool SingleEnded, int Positive, int Negative)
{
    public static Mcp3008Input Single(int channel) =>
        channel is >= 0 and <= 7
            ? new Mcp3008Input(true, channel, -1)
            : throw new ArgumentOutOfRangeException(nameof(channel), channel, "MCP3008 channels are 0..7");

    /// <summary>A pair within one of CH0/CH1, CH2/CH3, CH4/CH5, CH6/CH7, either polarity.</summary>
    public static Mcp3008Input Differential(int positive, int negative) =>
        positive is >= 0 and <= 7 && negative is >= 0 and <= 7 && positive / 2 == negative / 2 && positive != negative
            ? new Mcp3008Input(false, positive, negative)
            : throw new ArgumentOutOfRangeException(nameof(positive), $"MCP3008 differential pair {positive}-{negative} is not one of 0-1, 1-0, 2-3, 3-2, 4-5, 5-4, 6-7, 7-6");

    /// <summary>SGL/DIFF (bit 3) and D2..D0: single-ended → 1ccc; differential → 0 + pair index + (IN+ odd).</summary>
    public int Code => SingleEnded ? 0b1000 | Positive : Positive & 0b111;

    /// <summary>"0".."7" or "CH3" single-ended; "0-1", "CH1-CH0" … differential.</summary>
    public static Mcp3008Input Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('-', StringSplitOptions.TrimEntries);
        int positive = Channel(parts[0]);
        if (parts.Length == 1 && positive >= 0)
        {
            return Single(positive);
        }
        int negative = parts.Length == 2 ? Channel(parts[1]) : -1;
        if (parts.Length == 2 && positive >= 0 && negative >= 0 && positive / 2 == negative / 2 && positive != negative)
        {
            return Differential(positive, negative);
        }
        throw new FormatException(
            $"MCP3008 input '{text}' is not a channel 0..7 or a pair 0-1, 1-0, 2-3, 3-2, 4-5, 5-4, 6-7, 7-6");
    }

    /// <summary>Lower-case name for default channel names: ch3, ch0-ch1.</summary>
    public string Name => SingleEnded ? $"ch{Positive}" : $"ch{Positive}-ch{Negative}";

    private static int Channel(string text)
    {
        string t = text.Trim().ToUpperInvariant();
        t = t.StartsWith("CH", StringComparison.Ordinal) ? t[2..] : t;
        return t.Length == 1 && t[0] is >= '0' and <= '7' ? t[0] - '0' : -1;
    }
}
