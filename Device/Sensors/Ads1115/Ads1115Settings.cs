namespace EdgeAE.Device.Sensors.Ads1115;

/// <summary>How the ADS1115 is configured and which inputs one sample converts.</summary>
public sealed class Ads1115Settings
{
    /// <summary>Inputs converted per sample, in channel order.</summary>
    public IReadOnlyList<InputMultiplexer> Inputs { get; init; } = InputMultiplexers.SingleEnded;

    public MeasuringRange Range { get; init; } = MeasuringRange.FS4096;

    public DataRate Rate { get; init; } = DataRate.SPS860;

    public DeviceMode Mode { get; init; } = DeviceMode.SingleShot;
}
