namespace EdgeAE.Device.Sensors.Mpu6050;

/// <summary>How the MPU6050 is configured by <see cref="Mpu6050.Initialize"/>.</summary>
public sealed class Mpu6050Settings
{
    public AccelerometerRange AccelerometerRange { get; init; } = AccelerometerRange.Range2G;

    public GyroscopeRange GyroscopeRange { get; init; } = GyroscopeRange.Range250Dps;

    public LowPassFilter Filter { get; init; } = LowPassFilter.Accel21Gyro20Hz;

    /// <summary>SMPLRT_DIV: sample rate = <see cref="LowPassFilters.GyroscopeRateHz"/> / (1 + divider). 9 → 100 Hz at 1 kHz.</summary>
    public byte SampleRateDivider { get; init; } = 9;

    public double SampleRateHz => Filter.GyroscopeRateHz() / (1 + SampleRateDivider);

    /// <summary>The divider giving exactly <paramref name="rateHz"/> (±0.5 %) from the filter's base rate, or an error naming the nearest rate.</summary>
    public static byte DividerFor(double rateHz, LowPassFilter filter)
    {
        double baseRate = filter.GyroscopeRateHz();
        if (!(rateHz > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(rateHz), rateHz, "MPU6050 rate must be positive");
        }
        double divider = Math.Round(baseRate / rateHz) - 1;
        if (divider < 0 || divider > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(rateHz), rateHz,
                $"MPU6050 rate {rateHz} Hz is outside {baseRate / 256:0.###}..{baseRate} Hz for this filter");
        }
        double actual = baseRate / (1 + divider);
        if (Math.Abs(actual - rateHz) > 0.005 * rateHz)
        {
            throw new ArgumentOutOfRangeException(nameof(rateHz), rateHz,
                $"MPU6050 rate {rateHz} Hz is not {baseRate} Hz/(1+divider); nearest is {actual:0.###} Hz");
        }
        return (byte)divider;
    }
}
