namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// The product's calibration recipe: what `edgeae calibrate`, `edgeae export`, `edgeae bench skab` and
/// the device's commissioning use unless told otherwise. Chosen by 5-fold and leave-group-out validation
/// on SKAB with the anomaly-free recording as a normal-only check (BENCHMARKS.md, "Choosing the
/// defaults"): the static levels are the leaderboard's 0.999-quantile × 4/3; the alarm then adapts to
/// the local mean of the normal scores (DSPOT, 200 windows), each channel's error is standardized by
/// its median and IQR on the normal data, and a level is raised after 3 windows and cleared after 3.
/// </summary>
public static class CalibrationDefaults
{
    /// <summary>The adaptive threshold's parameters (DSPOT with a 200-window local mean).</summary>
    public static AdaptiveThresholdOptions Adaptive { get; } = new() { Depth = 200 };

    /// <summary>Static levels, hysteresis and the adaptive level.</summary>
    public static CalibrationOptions Thresholds { get; } = new()
    {
        Method = ThresholdMethod.Quantile,
        Q = 0.999,
        Margin = 4.0 / 3.0,
        RaiseAfter = 3,
        ClearAfter = 3,
        Adaptive = Adaptive,
    };

    /// <summary>Per-channel standardization fitted at calibration; null = keep what the bundle has.</summary>
    public static ChannelFitMethod? ChannelFit => ChannelFitMethod.MedianIqr;

    /// <summary>The input drift monitor written at calibration; null = none.</summary>
    public static DriftOptions? Drift { get; } = new();
}
