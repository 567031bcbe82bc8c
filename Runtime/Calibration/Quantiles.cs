using System.Globalization;

namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// Exact empirical quantiles. Interpolation is Hyndman &amp; Fan type 7 (the default of R, NumPy and
/// Excel's PERCENTILE.INC): with the n values sorted ascending x₀ ≤ … ≤ xₙ₋₁, h = (n − 1)·p and
/// Q(p) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋). Q(0) is the minimum, Q(1) the maximum.
/// </summary>
public static class Quantiles
{
    /// <summary>The quantile levels recorded in a calibration (key → level); "max" is level 1.</summary>
    public static IReadOnlyList<(string Key, double Level)> Recorded { get; } =
        [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99.9", 0.999), ("max", 1.0)];

    /// <summary>Finite values of <paramref name="values"/>, sorted ascending (NaN and ±∞ are dropped).</summary>
    public static double[] SortedFinite(ReadOnlySpan<float> values)
    {
        var list = new double[values.Length];
        int n = 0;
        foreach (float v in values)
            if (float.IsFinite(v)) list[n++] = v;
        Array.Resize(ref list, n);
        Array.Sort(list);
        return list;
    }

    /// <summary>Type-7 quantile of already sorted values.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0) throw new InputException("cannot take a quantile of no scores");
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "quantile level must be in [0, 1]");
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /// <summary>Type-7 quantile of unsorted values (finite ones only).</summary>
    public static double Of(ReadOnlySpan<float> values, double p) => OfSorted(SortedFinite(values), p);

    /// <summary>
    /// Windows needed before the <paramref name="q"/> quantile is an estimate rather than just the largest
    /// score seen: 1/(1−q), i.e. at least one window expected above it (1000 for q = 0.999).
    /// </summary>
    public static long MinimumWindows(double q) => q >= 1 ? long.MaxValue : (long)Math.Ceiling(1 / (1 - q) - 1e-9);

    /// <summary>Windows for a stable estimate: ten expected above the level (10 000 for q = 0.999).</summary>
    public static long StableWindows(double q) => q >= 1 ? long.MaxValue : (long)Math.Ceiling(10 / (1 - q) - 1e-9);

    /// <summary>The recorded quantiles (p50, p90, p99, p99.9, max) of sorted values.</summary>
    public static Dictionary<string, double> Summary(ReadOnlySpan<double> sorted)
    {
        var d = new Dictionary<string, double>(Recorded.Count);
        foreach (var (key, level) in Recorded) d[key] = OfSorted(sorted, level);
        return d;
    }

    /// <summary>A level as a short key: 0.999 → "p99.9".</summary>
    public static string Key(double level) => "p" + (level * 100).ToString("0.####", CultureInfo.InvariantCulture);
}
