namespace EdgeAE.Device.Sensors.Ads1115;

/// <summary>Config MUX (bits 14:12): what the ADC measures — four differential pairs or one input against GND.</summary>
public enum InputMultiplexer : byte
{
    AIN0_AIN1 = 0b000,
    AIN0_AIN3 = 0b001,
    AIN1_AIN3 = 0b010,
    AIN2_AIN3 = 0b011,
    AIN0 = 0b100,
    AIN1 = 0b101,
    AIN2 = 0b110,
    AIN3 = 0b111,
}

/// <summary>Parses and names <see cref="InputMultiplexer"/> settings the way they appear in configuration.</summary>
public static class InputMultiplexers
{
    /// <summary>The four single-ended inputs, the default channel set.</summary>
    public static readonly InputMultiplexer[] SingleEnded =
        [InputMultiplexer.AIN0, InputMultiplexer.AIN1, InputMultiplexer.AIN2, InputMultiplexer.AIN3];

    /// <summary>
    /// "A0".."A3" (or "0".."3", "AIN0") single-ended; "A0-A1", "A0-A3", "A1-A3", "A2-A3" (or "0-1", …) differential,
    /// the only pairs the multiplexer offers.
    /// </summary>
    public static InputMultiplexer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('-', StringSplitOptions.TrimEntries);
        int positive = parts.Length is 1 or 2 ? Input(parts[0]) : -1;
        int negative = parts.Length == 2 ? Input(parts[1]) : -2;
        InputMultiplexer? mux = (positive, negative) switch
        {
            ( >= 0 and <= 3, -2) => (InputMultiplexer)(0b100 + positive),
            (0, 1) => InputMultiplexer.AIN0_AIN1,
            (0, 3) => InputMultiplexer.AIN0_AIN3,
            (1, 3) => InputMultiplexer.AIN1_AIN3,
            (2, 3) => InputMultiplexer.AIN2_AIN3,
            _ => null,
        };
        return mux ?? throw new FormatException(
            $"ADS1115 input '{text}' is not one of A0, A1, A2, A3, A0-A1, A0-A3, A1-A3, A2-A3");
    }

    /// <summary>Short lower-case name used in default channel names: a0 … a3, a0-a1 ….</summary>
    public static string Name(this InputMultiplexer mux) => mux switch
    {
        InputMultiplexer.AIN0_AIN1 => "a0-a1",
        InputMultiplexer.AIN0_AIN3 => "a0-a3",
        InputMultiplexer.AIN1_AIN3 => "a1-a3",
        InputMultiplexer.AIN2_AIN3 => "a2-a3",
        InputMultiplexer.AIN0 => "a0",
        InputMultiplexer.AIN1 => "a1",
        InputMultiplexer.AIN2 => "a2",
        _ => "a3",
    };

    private static int Input(string text)
    {
        string t = text.Trim().ToUpperInvariant();
        t = t.StartsWith("AIN", StringComparison.Ordinal) ? t[3..] : t.StartsWith('A') ? t[1..] : t;
        return t.Length == 1 && t[0] is >= '0' and <= '3' ? t[0] - '0' : -1;
    }
}
