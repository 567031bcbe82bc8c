namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// Everything the device needs besides the graph, stored as JSON in the model's
/// <c>metadata_props["edgeae.manifest"]</c>. Property names are snake_case on disk.
/// </summary>
public sealed class BundleManifest
{
    public const string MetadataKey = "edgeae.manifest";
    public const int CurrentSchema = 1;

    public int Schema { get; set; } = CurrentSchema;
    public string InputName { get; set; } = "input";
    public string OutputName { get; set; } = "output";
    public TensorLayout Layout { get; set; } = TensorLayout.Flat;
    public int Window { get; set; }
    public int Hop { get; set; } = 1;
    public string[] Channels { get; set; } = [];
    /// <summary>Stages run on each frame before normalization, in order (empty in bundles written before they existed).</summary>
    public PreprocessingStageSpec[] Preprocessing { get; set; } = [];
    public NormalizationSpec Normalization { get; set; } = new();
    /// <summary>Window-level transform between the window and the model input (spectrum, log-mel); absent = the raw window.</summary>
    /// <remarks>Left out when null, so a bundle without a front end is byte-for-byte what it was before front ends existed (and older readers, which refuse unknown fields, still load it).</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public FrontEndSpec? FrontEnd { get; set; }
    public ScoreSpec Score { get; set; } = new();
    /// <summary>Absent until the bundle has been calibrated.</summary>
    public ThresholdSpec? Thresholds { get; set; }
    /// <summary>Input drift monitoring; absent = off.</summary>
    public DriftSpec? Drift { get; set; }
    public Provenance Provenance { get; set; } = new();

    public int ChannelCount => Channels.Length;

    /// <summary>Number of values in one window of frames (W·C).</summary>
    public int WindowValues => Window * Channels.Length;

    /// <summary>Positions per channel in the model's input: the front end's rows · features, or W without a front end.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // derived: written, it would only grow every bundle
    public int ModelWindow => FrontEnd is { } f ? f.ModelWindow(Window) : Window;

    /// <summary>Number of values in one model input (and output): ModelWindow · C.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int ModelValues => ModelWindow * Channels.Length;

    /// <summary>Frames at the start of a stream that no window contains (the longest preprocessing warm-up).</summary>
    public int PreprocessingWarmup() => Preprocessing.Length == 0 ? 0 : Preprocessing.Max(s => s.Warmup);
}

public sealed class NormalizationSpec
{
    public NormalizationKind Kind { get; set; } = NormalizationKind.None;
    /// <summary>Per channel: mean (zscore) or min (minmax). Empty for none.</summary>
    public float[] Offset { get; set; } = [];
    /// <summary>Per channel: std (zscore) or max − min (minmax). Empty for none.</summary>
    public float[] Scale { get; set; } = [];
}

public sealed class ScoreSpec
{
    public ErrorMetric Metric { get; set; } = ErrorMetric.Mse;
    public ScoreReduction Reduction { get; set; } = ScoreReduction.Mean;
    /// <summary>top_k: how many of the largest channel errors are averaged.</summary>
    public int TopK { get; set; }
    /// <summary>
    /// Per-channel standardization of the channel errors before the reduction: eᶜ ← (eᶜ − offsetᶜ) / scaleᶜ,
    /// fitted on normal data, so every channel's error is measured against its own normal spread and
    /// no single channel dominates. Absent = raw channel errors.
    /// </summary>
    public ChannelScoreSpec? ChannelNormalization { get; set; }
    /// <summary>Exponential smoothing of window scores: s ← α·x + (1−α)·s. 1 disables it.</summary>
    public double SmoothingAlpha { get; set; } = 1.0;
}

public sealed class ChannelScoreSpec
{
    /// <summary>How offset and scale were fitted: "mean_std" or "median_iqr".</summary>
    public string Fit { get; set; } = "";
    public float[] Offset { get; set; } = [];
    public float[] Scale { get; set; } = [];
    /// <summary>Normal windows the fit used.</summary>
    public long Windows { get; set; }
}

public sealed class ThresholdSpec
{
    public double Warning { get; set; }
    public double Alarm { get; set; }
    /// <summary>Consecutive windows over a level before it is raised.</summary>
    public int RaiseAfter { get; set; } = 1;
    /// <summary>Consecutive windows under the warning level before an episode clears.</summary>
    public int ClearAfter { get; set; } = 1;
    public CalibrationRecord? Calibration { get; set; }
    /// <summary>Online threshold adaptation (DSPOT); absent = the static levels above.</summary>
    public AdaptiveThresholdSpec? Adaptive { get; set; }
}

public sealed class CalibrationRecord
{
    public string Method { get; set; } = "";
    public Dictionary<string, double> Parameters { get; set; } = new();
    /// <summary>Quantiles of the window scores on normal data, keyed "p50", "p99", "p99.9", ...</summary>
    public Dictionary<string, double> NormalQuantiles { get; set; } = new();
    public long Windows { get; set; }
    public string DataSha256 { get; set; } = "";
    public string Reason { get; set; } = "";
}

public sealed class Provenance
{
    public string SourceSha256 { get; set; } = "";
    public Precision Precision { get; set; } = Precision.Fp32;
    public QuantizationRecord? Quantization { get; set; }
    public string ToolVersion { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    /// <summary>SHA-256 of the serialized GraphProto (graph and weights, no metadata), hex.</summary>
    public string GraphSha256 { get; set; } = "";
    /// <summary>Free-form origin, e.g. "train conv1d" or "convert keras".</summary>
    public string Source { get; set; } = "";
}

public sealed class QuantizationRecord
{
    public string Method { get; set; } = "";
    public double Percentile { get; set; }
    public bool PerChannel { get; set; } = true;
    public string[] Excluded { get; set; } = [];
    public string CalibrationSha256 { get; set; } = "";
    public long CalibrationWindows { get; set; }
    /// <summary>Factor the calibrated activation ranges were widened by; 0 in bundles written before it was recorded.</summary>
    public double Headroom { get; set; }
    /// <summary>Activation element type: "uint8" or "int8"; empty in bundles written before it was recorded.</summary>
    public string Activations { get; set; } = "";
    /// <summary>
    /// Weight storage: "int8" (±127), "uint8" (the same ±127 values + 128, zero point 128) or "int7"
    /// (int8 within ±64); empty in bundles written before it was recorded (those are int8).
    /// </summary>
    public string Weights { get; set; } = "";
    /// <summary>Whether the biases were corrected for int8's mean output shift (false in bundles written before it was recorded).</summary>
    public bool BiasCorrection { get; set; }
}
