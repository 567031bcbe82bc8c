using EdgeAE.Quantization;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Streaming.Preprocessing;
using EdgeAE.Training;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>
/// One global configuration of the SKAB protocol. Every file is run with exactly these settings
/// (no per-file tuning); labels are read only to count the confusion matrix of the test rows.
/// </summary>
public sealed record SkabOptions
{
    /// <summary>The protocol's training prefix: the first 400 rows of every file.</summary>
    public int TrainRows { get; init; } = 400;
    public string LabelColumn { get; init; } = "anomaly";
    /// <summary>Channels used, in order (null = every numeric non-time, non-label column).</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    /// <summary>Channels left out when present (case-insensitive), after <see cref="Columns"/>.</summary>
    public IReadOnlyList<string> ExcludeColumns { get; init; } = SkabDefaults.ExcludeColumns;
    /// <summary>Per file, channels whose training rows have <see cref="SlowChannels.Roughness"/> below this are left out (0 = off).</summary>
    public double SlowChannelRoughness { get; init; } = SkabDefaults.SlowChannelRoughness;
    /// <summary>The model and its training: the leaderboard's Conv-AE shape, mae channel-sum residual, fixed seed.</summary>
    public TrainingOptions Training { get; init; } = SkabDefaults.Training;
    public QuantizationOptions Quantization { get; init; } = SkabDefaults.Quantization;
    /// <summary>Per-channel standardization of the channel errors, fitted on the training windows (None = raw errors).</summary>
    public ChannelFitMethod ChannelFit { get; init; } = SkabDefaults.ChannelFit;
    /// <summary>Threshold from the training rows' window scores only (never labels).</summary>
    public CalibrationOptions Calibration { get; init; } = SkabDefaults.Calibration;
    /// <summary>EWMA factor written to the bundle's score spec (1 = no smoothing).</summary>
    public double SmoothingAlpha { get; init; } = SkabDefaults.SmoothingAlpha;
    public PointRule PointRule { get; init; } = SkabDefaults.Rule;
    public IReadOnlyList<Precision> Precisions { get; init; } = [Precision.Fp32, Precision.Int8];
    /// <summary>
    /// Directory where trained float models are kept and reused by a later run with the same file
    /// contents, training rows, channels and training options (threshold/rule experiments then skip
    /// training); null = always train.
    /// </summary>
    public string? ModelCache { get; init; }
    /// <summary>Files processed at once (each trains single-threaded; deterministic for any value).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
