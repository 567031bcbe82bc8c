namespace EdgeAE.Runtime.Detection;

/// <summary>What <see cref="AdaptiveThreshold"/> has learned, in a form that can be saved and restored.</summary>
public sealed class AdaptiveThresholdState
{
    public double[] Recent { get; set; } = [];
    /// <summary>The running sum of <see cref="Recent"/> as the detector holds it (its rounding history included).</summary>
    public double RecentSum { get; set; } = double.NaN;
    public double[] Peaks { get; set; } = [];
    public long[] PeakAt { get; set; } = [];
    public long Observations { get; set; }
    public int SinceRefit { get; set; }
    public double AlarmExcess { get; set; }
}
