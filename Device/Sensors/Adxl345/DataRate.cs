namespace EdgeAE.Device.Sensors.Adxl345;

/// <summary>
/// Output data rate, BW_RATE bits 3:0 (normal power): rate = 3200 Hz / 2^(15 − code).
/// Only the rates useful for vibration work are named; the bandwidth is half the rate.
/// </summary>
public enum DataRate : byte
{
    Hz6_25 = 0x6,
    Hz12_5 = 0x7,
    Hz25 = 0x8,
    Hz50 = 0x9,
    Hz100 = 0xA,
    Hz200 = 0xB,
    Hz400 = 0xC,
    Hz800 = 0xD,
    Hz1600 = 0xE,
    Hz3200 = 0xF,
}

/// <summary>Conversions between <see cref="DataRate"/> codes and Hz.</summary>
public static class DataRates
{
    public static double ToHz(this DataRate rate) => 3200.0 / (1 << (15 - (int)rate));

    /// <summary>The code for exactly <paramref name="hz"/> (±1 %), or an error naming the supported rates.</summary>
    public static DataRate FromHz(double hz)
    {
        for (var code = DataRate.Hz6_25; code <= DataRate.Hz3200; code++)
        {
            if (Math.Abs(code.ToHz() - hz) <= 0.01 * code.ToHz())
            {
                return code;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(hz), hz,
            $"ADXL345 rate {hz} Hz is not supported; use one of 6.25, 12.5, 25, 50, 100, 200, 400, 800, 1600, 3200");
    }
}
