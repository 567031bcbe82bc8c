namespace EdgeAE.Device.Sensors.Mpu6050;

/// <summary>
/// CONFIG DLPF_CFG: accelerometer/gyroscope bandwidth. Setting 0 runs the gyroscope at 8 kHz, every other
/// setting at 1 kHz — the base the sample-rate divider divides.
/// </summary>
public enum LowPassFilter : byte
{
    Accel260Gyro256Hz = 0,
    Accel184Gyro188Hz = 1,
    Accel94Gyro98Hz = 2,
    Accel44Gyro42Hz = 3,
    Accel21Gyro20Hz = 4,
    Accel10Gyro10Hz = 5,
    Accel5Gyro5Hz = 6,
}

/// <summary>Bandwidth facts of <see cref="LowPassFilter"/>.</summary>
public static class LowPassFilters
{
    private static readonly int[] AccelBandwidth = [260, 184, 94, 44, 21, 10, 5];

    public static int AccelerometerBandwidthHz(this LowPassFilter filter) => AccelBandwidth[(int)filter];

    /// <summary>Gyroscope output rate the sample-rate divider divides.</summary>
    public static double GyroscopeRateHz(this LowPassFilter filter) => filter == LowPassFilter.Accel260Gyro256Hz ? 8000 : 1000;

    /// <summary>The setting with exactly this accelerometer bandwidth (260, 184, 94, 44, 21, 10 or 5 Hz).</summary>
    public static LowPassFilter FromBandwidthHz(double hz)
    {
        for (int i = 0; i < AccelBandwidth.Length; i++)
        {
            if (Math.Abs(AccelBandwidth[i] - hz) < 0.5)
            {
                return (LowPassFilter)i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(hz), hz,
            $"MPU6050 filter {hz} Hz is not supported; use one of 260, 184, 94, 44, 21, 10, 5");
    }

    /// <summary>
    /// Anti-aliasing default: the widest bandwidth at most half the sample rate (never setting 0, which
    /// would change the gyroscope base rate).
    /// </summary>
    public static LowPassFilter ForSampleRate(double sampleRateHz)
    {
        for (int i = 1; i < AccelBandwidth.Length; i++)
        {
            if (AccelBandwidth[i] <= sampleRateHz / 2)
            {
                return (LowPassFilter)i;
            }
        }
        return LowPassFilter.Accel5Gyro5Hz;
    }
}
