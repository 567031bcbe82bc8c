namespace EdgeAE.Device.Sensors.Ads1115;

/// <summary>
/// Config PGA (bits 11:9): full-scale range ±FSR; one LSB is FSR/32768. Inputs must still stay within
/// GND−0.3 V … VDD+0.3 V whatever the range says.
/// </summary>
public enum MeasuringRange : byte
{
    FS6144 = 0b000,
    FS4096 = 0b001,
    FS2048 = 0b010,
    FS1024 = 0b011,
    FS0512 = 0b100,
    FS0256 = 0b101,
}

/// <summary>Volts of each <see cref="MeasuringRange"/>.</summary>
public static class MeasuringRanges
{
    private static readonly double[] Volts = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256];

    public static double FullScaleVolts(this MeasuringRange range) => Volts[(int)range];

    public static MeasuringRange FromVolts(double volts)
    {
        for (int i = 0; i < Volts.Length; i++)
        {
            if (Math.Abs(Volts[i] - volts) < 0.0005)
            {
                return (MeasuringRange)i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(volts), volts,
            $"ADS1115 range ±{volts} V is not supported; use one of 6.144, 4.096, 2.048, 1.024, 0.512, 0.256");
    }
}
