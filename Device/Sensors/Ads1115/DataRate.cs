namespace EdgeAE.Device.Sensors.Ads1115;

/// <summary>Config DR (bits 7:5): conversions per second.</summary>
public enum DataRate : byte
{
    SPS8 = 0b000,
    SPS16 = 0b001,
    SPS32 = 0b010,
    SPS64 = 0b011,
    SPS128 = 0b100,
    SPS250 = 0b101,
    SPS475 = 0b110,
    SPS860 = 0b111,
}

/// <summary>Hz of each <see cref="DataRate"/>.</summary>
public static class DataRates
{
    private static readonly int[] Hz = [8, 16, 32, 64, 128, 250, 475, 860];

    public static int ToHz(this DataRate rate) => Hz[(int)rate];

    /// <summary>Time one conversion takes (1/DR; the internal oscillator is within ±10 %).</summary>
    public static TimeSpan ConversionTime(this DataRate rate) => TimeSpan.FromSeconds(1.0 / rate.ToHz());

    public static DataRate FromHz(double hz)
    {
        for (int i = 0; i < Hz.Length; i++)
        {
            if (Math.Abs(Hz[i] - hz) < 0.5)
            {
                return (DataRate)i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(hz), hz,
            $"ADS1115 data rate {hz} SPS is not supported; use one of 8, 16, 32, 64, 128, 250, 475, 860");
    }
}
