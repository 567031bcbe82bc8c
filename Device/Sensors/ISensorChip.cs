namespace EdgeAE.Device.Sensors;

/// <summary>
/// One chip as a source of samples, the shape <see cref="ChipArray"/> composes. A sample is one value per
/// entry of <see cref="Channels"/>, in physical units.
/// </summary>
public interface ISensorChip : IDisposable
{
    /// <summary>The channels every sample carries, in order (e.g. <c>x, y, z</c>).</summary>
    IReadOnlyList<string> Channels { get; }

    /// <summary>Nominal rate at which the chip produces new samples, in Hz.</summary>
    double RateHz { get; }

    /// <summary>Identifies the chip and checks its identity, then configures it. Safe to call again to recover after a fault.</summary>
    void Initialize();

    /// <summary>
    /// Reads the samples that are ready (0 when none is new yet) into <paramref name="destination"/>,
    /// <see cref="Channels"/>.Count values each, at most <paramref name="maxSamples"/>; returns how many.
    /// Bus failures surface as <see cref="IOException"/>; implausible data as <see cref="InvalidDataException"/>.
    /// </summary>
    int Read(Span<float> destination, int maxSamples);
}
