namespace EdgeAE.Device.Sensors.Max31856;

/// <summary>How a MAX31856 is configured: thermocouple type, mains notch and poll rate.</summary>
public sealed class Max31856Settings
{
    public ThermocoupleType Type { get; init; } = ThermocoupleType.K;

    /// <summary>Notch filter, 50 or 60 Hz (auto-conversion period about 100 or 83 ms).</summary>
    public int MainsHz { get; init; } = 50;

    /// <summary>Poll rate in Hz, at most one per conversion (10).</summary>
    public double RateHz { get; init; } = 10;
}
