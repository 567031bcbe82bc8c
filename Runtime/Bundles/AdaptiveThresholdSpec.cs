namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// The manifest's <c>thresholds.adaptive</c>: a drift-aware peaks-over-threshold alarm level in the
/// manner of DSPOT (Siffer et al., KDD 2017), initialised from the calibration scores and updated
/// online by the detector from windows below the alarm level only. See
/// <see cref="Detection.AdaptiveThreshold"/> for the algorithm.
/// </summary>
public sealed class AdaptiveThresholdSpec
{
    public const string DspotMethod = "dspot";

    public string Method { get; set; } = DspotMethod;
    /// <summary>q: the probability that a normal window's excess over the local mean exceeds the alarm level.</summary>
    public double Risk { get; set; } = 1e-3;
    /// <summary>d: normal windows in the local mean that the excesses are measured from (the drift component).</summary>
    public int Depth { get; set; } = 50;
    /// <summary>Quantile level of the initial threshold t above which excesses are peaks.</summary>
    public double InitialLevel { get; set; } = 0.98;
    /// <summary>Peaks kept (the most recent); bounds memory and the cost of a refit.</summary>
    public int MaxPeaks { get; set; } = 500;
    /// <summary>The GPD is refitted after this many new peaks (1 = after every peak).</summary>
    public int RefitEvery { get; set; } = 1;
    /// <summary>Warning = local mean + ratio × (alarm − local mean).</summary>
    public double WarningRatio { get; set; } = 0.8;
    /// <summary>The initial threshold t on the detrended scores.</summary>
    public double InitialThreshold { get; set; }
    /// <summary>Calibration windows counted (n at the start).</summary>
    public long Observations { get; set; }
    /// <summary>The last d calibration scores (seed of the local mean), oldest first.</summary>
    public double[] Recent { get; set; } = [];
    /// <summary>Calibration excesses over t (the initial peaks), in the order they occurred.</summary>
    public double[] Peaks { get; set; } = [];
}
