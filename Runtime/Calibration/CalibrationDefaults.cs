namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// The product's calibration recipe: what `edgeae calibrate`, `edgeae export` and the device's
/// commissioning use unless told otherwise. Chosen by leave-group-out validation on SKAB (see
/// BENCHMARKS.md, "Choosing the defaults").
/// </summary>
public static class CalibrationDefaults
{
    public static CalibrationOptions Thresholds { get; } = new();

    /// <summary>Per-channel standardization fitted at calibration; null = keep what the bundle has.</summary>
    public static ChannelFitMethod? ChannelFit => null;

    /// <summary>The adaptive threshold's parameters when it is asked for.</summary>
    public static AdaptiveThresholdOptions Adaptive { get; } = new();

    /// <summary>The input drift monitor written at calibration; null = none.</summary>
    public static DriftOptions? Drift { get; } = new();
}
