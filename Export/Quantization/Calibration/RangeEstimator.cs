namespace EdgeAE.Export.Quantization.Calibration;

/// <summary>
/// Collects one tensor's calibration statistics and turns them into a range. Percentile and entropy
/// need the extremes before they can bin, so they take two passes over the data
/// (<see cref="NeedsSecondPass"/>): extremes first, histogram second.
/// </summary>
public sealed class RangeEstimator
{
    public const int Bins = 2048;

    private readonly CalibrationMethod method;
    private readonly double percentile;
    private readonly bool movingAverage;
    private Histogram? histogram;
    private bool absolute;

    public RangeEstimator(string tensor, CalibrationMethod method, double percentile = 99.99, bool movingAverage = false)
    {
        if (method == CalibrationMethod.Percentile && !(percentile > 50 && percentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(percentile), $"percentile must be in (50, 100], got {percentile}");
        Tensor = tensor;
        this.method = method;
        this.percentile = percentile;
        this.movingAverage = movingAverage;
    }

    public string Tensor { get; }
    public MinMaxStatistics Extremes { get; } = new();
    public bool NeedsSecondPass => method != CalibrationMethod.MinMax;

    public void AddFirstPass(ReadOnlySpan<float> values) => Extremes.Add(values, Tensor);

    public void AddSecondPass(ReadOnlySpan<float> values)
    {
        if (histogram is null)
        {
            if (Extremes.Count == 0) throw new InvalidOperationException("second pass before the first");
            // Entropy works on magnitudes (symmetric threshold) unless the tensor is one-sided (post-ReLU).
            absolute = method == CalibrationMethod.Entropy && Extremes.Min < 0;
            histogram = method == CalibrationMethod.Entropy
                ? new Histogram(0, absolute ? Extremes.AbsMax : Extremes.Max, Bins)
                : new Histogram(Extremes.Min, Extremes.Max, Bins);
        }
        histogram.Add(values, absolute);
    }

    /// <summary>The chosen range; always contains 0 (zero must be exactly representable).</summary>
    public TensorRange Range()
    {
        if (Extremes.Count == 0) throw new InvalidOperationException($"no calibration data reached tensor '{Tensor}'");
        TensorRange r;
        switch (method)
        {
            case CalibrationMethod.MinMax:
                r = movingAverage ? Extremes.MovingAverage : Extremes.Global;
                break;
            case CalibrationMethod.Percentile:
            {
                var h = histogram ?? throw new InvalidOperationException("percentile needs the second pass");
                double tail = 1 - percentile / 100;
                r = new TensorRange(h.Quantile(tail), h.Quantile(1 - tail));
                if (percentile >= 100) r = Extremes.Global;
                break;
            }
            case CalibrationMethod.Entropy:
            {
                var h = histogram ?? throw new InvalidOperationException("entropy needs the second pass");
                // uint8 spends all 256 levels on a one-sided range, half of them per side otherwise.
                int bins = EntropyThreshold.FindBins(h.Counts, absolute ? 128 : 255);
                float t = h.UpperEdge(bins - 1);
                r = absolute ? new TensorRange(Math.Max(Extremes.Min, -t), Math.Min(Extremes.Max, t)) : new TensorRange(Math.Max(0, Extremes.Min), Math.Min(Extremes.Max, t));
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }
        return new TensorRange(Math.Min(0, r.Min), Math.Max(0, r.Max));
    }
}
