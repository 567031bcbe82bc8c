namespace EdgeAE.Device.Sensors.Bme280;

/// <summary>BME280 poll settings: oversampling ×1 on all three, normal mode, 0.5 ms standby, filter off.</summary>
public sealed class Bme280Settings
{
    /// <summary>Poll rate in Hz; one normal-mode cycle takes at most 9.3 ms + 0.5 ms standby, so ≤ 100.</summary>
    public double RateHz { get; init; } = 10;
}
