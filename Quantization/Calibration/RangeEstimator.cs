namespace EdgeAE.Quantization.Calibration;

/// <summary>
/// Collects one tensor's calibration statistics and turns them into a range. Percentile and entropy
/// need the extremes before they can bin, so they take two passes over the data
/// (<see cref="NeedsSecondPass"/>): extremes first, histogram second.
/// </summary>
public sealed class RangeEstimator
{
    public const int Bins = 2048;
    /// <summary>Calibration samples per histogram bin the entropy search wants on average (see <see cref="EntropyBins"/>).</summary>
    public const int SamplesPerEntropyBin = 128;

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
                ? new Histogram(0, absolute ? Extremes.AbsMax : Extremes.Max, EntropyBins(Extremes.Count, Levels))
                : new Histogram(Extremes.Min, Extremes.Max, Bins);
        }
        // Exact zeros (a ReLU's whole negative side) are exactly representable at any threshold, so
        // they say nothing about where to clip; left in, that spike dominates KL(P‖Q) and drags the
        // threshold down to a third of the range (measured on the Conv-AE's ReLU outputs).
        histogram.Add(values, absolute, skipZeros: method == CalibrationMethod.Entropy);
    }

    /// <summary>uint8 spends all 256 levels on a one-sided range, half of them per side otherwise.</summary>
    private int Levels => absolute ? 128 : 255;

    /// <summary>
    /// Histogram bins for the entropy search. With too few samples per bin the histogram's counting
    /// noise dominates KL(P‖Q) and the search clips far too hard (measured on a 62k-sample ReLU
    /// tensor: 2048 bins clipped at 37 % of the maximum, 512 bins at 81 %); TensorRT's 2048 bins assume
    /// millions of samples. So the bin count follows the sample count, between 2×levels and 2048.
    /// </summary>
    public static int EntropyBins(long samples, int levels)
    {
        long wanted = Math.Max(1, samples / SamplesPerEntropyBin);
        int bins = (int)Math.Min(Bins, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)wanted));
        return Math.Max(bins, 2 * levels);
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
                int bins = EntropyThreshold.FindBins(h.Counts, Levels);
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
