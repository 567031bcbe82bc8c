using EdgeAE.Runtime;

namespace EdgeAE.Quantization.Calibration;

/// <summary>
/// Running extremes of a tensor over calibration batches: the global min/max and, optionally, an
/// exponential moving average of each batch's min/max (less sensitive to one freak window).
/// </summary>
public sealed class MinMaxStatistics(double averagingConstant = 0.01)
{
    private bool any;
    private double avgMin, avgMax;

    public float Min { get; private set; } = float.PositiveInfinity;
    public float Max { get; private set; } = float.NegativeInfinity;
    public float AbsMax => Math.Max(Math.Abs(Min), Math.Abs(Max));
    public long Count { get; private set; }

    public TensorRange Global => new(Min, Max);
    public TensorRange MovingAverage => any ? new((float)avgMin, (float)avgMax) : TensorRange.Empty;

    /// <summary>Adds one batch; non-finite values are rejected (they would poison every range).</summary>
    public void Add(ReadOnlySpan<float> batch, string tensor)
    {
        if (batch.IsEmpty) return;
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        foreach (float v in batch)
        {
            if (!float.IsFinite(v))
                throw new InputException($"calibration produced a non-finite value in tensor '{tensor}' (check the data and normalization)");
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        Min = Math.Min(Min, lo);
        Max = Math.Max(Max, hi);
        Count += batch.Length;
        if (!any)
        {
            avgMin = lo; avgMax = hi; any = true;
        }
        else
        {
            avgMin += averagingConstant * (lo - avgMin);
            avgMax += averagingConstant * (hi - avgMax);
        }
    }
}
