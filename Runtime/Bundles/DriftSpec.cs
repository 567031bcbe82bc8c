namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// The manifest's <c>drift</c>: input drift monitoring. Each channel's raw value is standardized
/// with the reference fitted on the calibration (normal) data and watched by a two-sided
/// Page–Hinkley test; see <see cref="Detection.DriftDetector"/>.
/// </summary>
public sealed class DriftSpec
{
    public const string PageHinkleyMethod = "page_hinkley";

    public string Method { get; set; } = PageHinkleyMethod;
    /// <summary>δ: the tolerated shift of the mean, in reference standard deviations (about half the shift to detect).</summary>
    public double Delta { get; set; } = 1.0;
    /// <summary>λ: the cumulative excess (σ × frames) at which drift is declared.</summary>
    public double Lambda { get; set; } = 200;
    /// <summary>Per channel: the reference mean (sensor units).</summary>
    public float[] ReferenceOffset { get; set; } = [];
    /// <summary>Per channel: the reference standard deviation (sensor units, &gt; 0).</summary>
    public float[] ReferenceScale { get; set; } = [];
    /// <summary>Frames of normal data the reference was fitted on.</summary>
    public long Frames { get; set; }
}
