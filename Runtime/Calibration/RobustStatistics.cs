namespace EdgeAE.Runtime.Calibration;

/// <summary>Location and scale estimates of a score sample.</summary>
public static class RobustStatistics
{
    /// <summary>Consistency constant: 1.4826·MAD estimates σ for normally distributed data (1 / Φ⁻¹(3/4)).</summary>
    public const double MadToSigma = 1.4826;

    public static double Mean(ReadOnlySpan<double> x)
    {
        if (x.Length == 0) throw new InvalidOperationException("cannot average no scores");
        double sum = 0;
        foreach (double v in x) sum += v;
        return sum / x.Length;
    }

    /// <summary>Sample standard deviation (n − 1 denominator); 0 for a single value.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> x)
    {
        double mean = Mean(x);
        if (x.Length < 2) return 0;
        double ss = 0;
        foreach (double v in x) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (x.Length - 1));
    }

    /// <summary>Median of sorted values (type-7, i.e. the mean of the middle two for even n).</summary>
    public static double MedianOfSorted(ReadOnlySpan<double> sorted) => Quantiles.OfSorted(sorted, 0.5);

    /// <summary>Median absolute deviation from the median (unscaled) of sorted values.</summary>
    public static double MadOfSorted(ReadOnlySpan<double> sorted)
    {
        double median = MedianOfSorted(sorted);
        var dev = new double[sorted.Length];
        for (int i = 0; i < sorted.Length; i++) dev[i] = Math.Abs(sorted[i] - median);
        Array.Sort(dev);
        return MedianOfSorted(dev);
    }
}
