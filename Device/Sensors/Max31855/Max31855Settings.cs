namespace EdgeAE.Device.Sensors.Max31855;

/// <summary>MAX31855 poll settings (the chip has nothing to configure).</summary>
public sealed class Max31855Settings
{
    /// <summary>Poll rate in Hz; a conversion takes up to 100 ms, so at most 10.</summary>
    public double RateHz { get; init; } = 10;
}
