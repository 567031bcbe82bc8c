using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Calibration;

/// <summary>What a calibration chose, and why; converts to the manifest's <see cref="ThresholdSpec"/>.</summary>
public sealed class CalibrationResult
{
    public required double Warning { get; init; }
    public required double Alarm { get; init; }
    public required int RaiseAfter { get; init; }
    public required int ClearAfter { get; init; }
    public required ThresholdMethod Method { get; init; }
    /// <summary>The parameters the method used (e.g. q, k, risk, pot_gamma, far_per_day, warning_ratio).</summary>
    public required Dictionary<string, double> Parameters { get; init; }
    /// <summary>Quantiles of the normal window scores: p50, p90, p99, p99.9, max.</summary>
    public required Dictionary<string, double> NormalQuantiles { get; init; }
    /// <summary>Number of normal window scores calibrated on.</summary>
    public required long Windows { get; init; }
    /// <summary>One human sentence: how the alarm and warning levels were derived.</summary>
    public required string Reason { get; init; }
    /// <summary>The adaptive threshold's starting state, when one was asked for.</summary>
    public AdaptiveThresholdSpec? Adaptive { get; init; }

    public string MethodName => ThresholdMethodNames.Name(Method);

    /// <summary>The manifest record; <paramref name="dataSha256"/> identifies the normal data file (optional).</summary>
    public CalibrationRecord ToRecord(string dataSha256 = "") => new()
    {
        Method = MethodName,
        Parameters = new Dictionary<string, double>(Parameters),
        NormalQuantiles = new Dictionary<string, double>(NormalQuantiles),
        Windows = Windows,
        DataSha256 = dataSha256,
        Reason = Reason,
    };

    public ThresholdSpec ToThresholdSpec(string dataSha256 = "") => new()
    {
        Warning = Warning,
        Alarm = Alarm,
        RaiseAfter = RaiseAfter,
        ClearAfter = ClearAfter,
        Calibration = ToRecord(dataSha256),
        Adaptive = Adaptive,
    };
}
