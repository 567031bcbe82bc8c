namespace EdgeAE.Device.Sensors.Mcp3008;

/// <summary>Inputs converted per sample and the reference voltage that scales them.</summary>
public sealed class Mcp3008Settings
{
    public IReadOnlyList<Mcp3008Input> Inputs { get; init; } =
        [.. Enumerable.Range(0, 8).Select(Mcp3008Input.Single)];

    /// <summary>Voltage on VREF; full scale is Vref × 1023/1024.</summary>
    public double ReferenceVolts { get; init; } = 3.3;

    /// <summary>Samples per second the caller intends to poll at (the chip converts on demand; used as the nominal rate).</summary>
    public double RateHz { get; init; } = 100;
}
