namespace EdgeAE.Export.Evaluation;

/// <summary>
/// The dominant period of a series by its autocorrelation, as TSB-AD estimates it
/// (<c>TSB_AD/utils/slidingWindows.py</c>, <c>find_length_rank(rank=1)</c>): the autocorrelation of the
/// first 20 000 samples at lags 3 … 400, the lag of its highest strict local maximum, and
/// <see cref="Fallback"/> when there is none or it lies outside lags 6 … 303.
/// </summary>
public static class AcfPeriod
{
    /// <summary>TSB-AD's answer when no usable period is found.</summary>
    public const int Fallback = 125;

    private const int MaxSamples = 20_000;
    private const int MaxLag = 400;
    private const int FirstLag = 3;

    /// <summary>The period, or <see cref="Fallback"/> when <see cref="TryEstimate"/> finds none.</summary>
    public static int Estimate(ReadOnlySpan<float> series) => TryEstimate(series, out int period) ? period : Fallback;

    /// <summary>
    /// O(min(n, 20 000) · 400). False for non-finite samples or a constant series (the reference's
    /// autocorrelation is then NaN and it falls back the same way), or when no local maximum lies in 6 … 303.
    /// </summary>
    public static bool TryEstimate(ReadOnlySpan<float> series, out int period)
    {
        period = Fallback;
        int n = Math.Min(series.Length, MaxSamples);
        if (n < FirstLag + 3) return false;
        double mean = 0;
        for (int t = 0; t < n; t++)
        {
            if (!float.IsFinite(series[t])) return false;
            mean += series[t];
        }
        mean /= n;
        var x = new double[n];
        double c0 = 0;
        for (int t = 0; t < n; t++)
        {
            x[t] = series[t] - mean;
            c0 += x[t] * x[t];
        }
        if (c0 == 0) return false;

        int maxLag = Math.Min(MaxLag, n - 1);
        var acf = new double[maxLag + 1];
        for (int lag = FirstLag; lag <= maxLag; lag++)
        {
            double c = 0;
            for (int t = 0; t + lag < n; t++) c += x[t] * x[t + lag];
            acf[lag] = c / c0;
        }
        // Strict local maxima of acf[3 …], the end points excluded (scipy's argrelextrema, order 1).
        int best = -1;
        for (int lag = FirstLag + 1; lag < maxLag; lag++)
            if (acf[lag] > acf[lag - 1] && acf[lag] > acf[lag + 1] && (best < 0 || acf[lag] > acf[best]))
                best = lag;
        if (best < 0 || best - FirstLag < 3 || best - FirstLag > 300) return false;
        period = best;
        return true;
    }
}
