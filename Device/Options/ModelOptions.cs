using System.ComponentModel.DataAnnotations;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Streaming;
using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Options;

public sealed class ModelOptions
{
    /// <summary>The bundle (.onnx with the EdgeAE manifest). Relative paths: the working directory if the file is there, else the binary's folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "demo/demo.onnx";

    /// <summary>ONNX Runtime intra-op threads.</summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 1;

    /// <summary>Windows scored per inference call (latency vs. throughput).</summary>
    [Range(1, 256)]
    public int MicroBatch { get; set; } = 1;

    /// <summary>With MicroBatch &gt; 1: how long (stream time) a complete window may wait for batch mates.</summary>
    public TimeSpan MaxLatency { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What to do with a frame holding NaN/Inf (it is also reported as a sensor fault).</summary>
    public BadSamplePolicy BadSamples { get; set; } = BadSamplePolicy.Reject;

    /// <summary>Seconds between polls of the bundle file (fallback for file systems without change events); 0 disables reload.</summary>
    [Range(0, 86400)]
    public double ReloadPollSeconds { get; set; } = 5;

    /// <summary>Keep ONNX Runtime's optimized graph under the state directory (model-cache/) and reuse it, verified, on the next start.</summary>
    public bool OptimizedModelCache { get; set; } = true;

    /// <summary>Use the bundle's adaptive (DSPOT) alarm level when it has one; false keeps its static levels.</summary>
    public bool AdaptiveThreshold { get; set; } = true;

    /// <summary>Seconds between saves of the adaptive threshold's learned state (kept across restarts under the state directory).</summary>
    [Range(1, 86400)]
    public double AdaptiveStateSeconds { get; set; } = 60;

    /// <summary>Where the adaptive threshold's state is kept; empty = &lt;state dir&gt;/adaptive.</summary>
    public string AdaptiveStateDirectory { get; set; } = "";

    /// <summary>Run the bundle's input drift monitor (journal, log, Alerts:DriftPin) when it has one.</summary>
    public bool DriftMonitor { get; set; } = true;

    [ValidateObjectMembers]
    public CommissioningOptions Commissioning { get; set; } = new();

    [ValidateObjectMembers]
    public LearnOptions Learn { get; set; } = new();
}

public sealed class CommissioningOptions
{
    /// <summary>How long to score without alarming before calibrating; zero (the default) disables commissioning.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.Zero;

    /// <summary>Calibration method handed to the Runtime calibrator: quantile, sigma, mad, pot or far (f1 needs labels).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Method { get; set; } = "quantile";

    // The defaults are the product recipe (CalibrationDefaults), the same as `edgeae calibrate`'s.
    /// <summary>quantile: level of the alarm threshold.</summary>
    [Range(0.5, 1.0)] public double Q { get; set; } = CalibrationDefaults.Thresholds.Q;
    /// <summary>sigma, mad: multiplier.</summary>
    [Range(0.0, 100.0)] public double K { get; set; } = CalibrationDefaults.Thresholds.K;
    /// <summary>pot: probability that a normal score exceeds the alarm level.</summary>
    [Range(1e-12, 0.5)] public double Risk { get; set; } = CalibrationDefaults.Thresholds.Risk;
    /// <summary>far: allowed alarm episodes per day on the commissioning data.</summary>
    [Range(0.0, 1e6)] public double FarPerDay { get; set; } = CalibrationDefaults.Thresholds.FarPerDay;
    /// <summary>Alarm = method threshold × margin.</summary>
    [Range(0.01, 100.0)] public double Margin { get; set; } = CalibrationDefaults.Thresholds.Margin;
    /// <summary>Warning = ratio × alarm.</summary>
    [Range(0.01, 1.0)] public double WarningRatio { get; set; } = CalibrationDefaults.Thresholds.WarningRatio;
    [Range(1, 100000)] public int RaiseAfter { get; set; } = CalibrationDefaults.Thresholds.RaiseAfter;
    [Range(1, 100000)] public int ClearAfter { get; set; } = CalibrationDefaults.Thresholds.ClearAfter;

    /// <summary>
    /// Also fit the adaptive (DSPOT) alarm level on the commissioning scores (CalibrationDefaults.Adaptive).
    /// The per-channel error standardization stays the bundle's: it needs per-channel errors of normal
    /// data, which commissioning does not keep.
    /// </summary>
    public bool Adaptive { get; set; } = true;

    /// <summary>Where progress and calibrated thresholds are kept; empty = &lt;state dir&gt;/commissioning.</summary>
    public string StateDirectory { get; set; } = "";

    /// <summary>The Runtime calibrator's options; its errors name a property, which is this section's key.</summary>
    public CalibrationOptions ToCalibration(TimeSpan windowPeriod) => new()
    {
        Method = ThresholdMethodNames.Parse(Method),
        Q = Q,
        K = K,
        Risk = Risk,
        FarPerDay = FarPerDay,
        WindowPeriod = windowPeriod,
        Margin = Margin,
        WarningRatio = WarningRatio,
        RaiseAfter = RaiseAfter,
        ClearAfter = ClearAfter,
        Adaptive = Adaptive ? CalibrationDefaults.Adaptive : null,
    };
}
