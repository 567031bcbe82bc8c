namespace EdgeAE.Device.Sensors.Max31865;

/// <summary>How a MAX31865 and its RTD are wired.</summary>
public sealed class Max31865Settings
{
    /// <summary>RTD resistance at 0 °C: 100 (PT100) or 1000 (PT1000).</summary>
    public double RtdOhms { get; init; } = 100;

    /// <summary>The board's reference resistor (Adafruit: 430 Ω for PT100, 4300 Ω for PT1000).</summary>
    public double ReferenceOhms { get; init; } = 430;

    /// <summary>2, 3 or 4 wires; only 3-wire changes the configuration (bit 4).</summary>
    public int Wires { get; init; } = 4;

    /// <summary>Notch filter frequency, 50 or 60 Hz (conversion time 20 or 16.7 ms in auto mode).</summary>
    public int MainsHz { get; init; } = 50;

    /// <summary>Poll rate in Hz, at most one per conversion.</summary>
    public double RateHz { get; init; } = 10;
}
