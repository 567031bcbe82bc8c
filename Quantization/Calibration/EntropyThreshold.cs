namespace EdgeAE.Quantization.Calibration;

/// <summary>
/// TensorRT-style entropy calibration: for each candidate clipping bin i of a histogram of |x| (or of
/// a one-sided x ≥ 0), compare the clipped distribution P (outliers folded into its last bin) with Q,
/// the same bins squeezed into <c>levels</c> quantization levels and expanded back; keep the i with
/// the smallest KL(P‖Q). Clipping trades a few saturated outliers for finer steps everywhere else.
/// </summary>
public static class EntropyThreshold
{
    private const double Epsilon = 1e-4;

    /// <summary>The number of leading bins to keep (the threshold is that bin's upper edge).</summary>
    public static int FindBins(long[] counts, int levels)
    {
        int n = counts.Length;
        if (levels < 2) throw new ArgumentOutOfRangeException(nameof(levels));
        if (n <= levels) return n;
        int lastNonZero = Array.FindLastIndex(counts, c => c != 0);
        if (lastNonZero < levels) return levels;
        var p = new double[n];
        var q = new double[n];
        double bestKl = double.PositiveInfinity;
        int best = n;
        for (int i = levels; i <= n; i++)
        {
            double outliers = 0;
            for (int j = i; j < n; j++) outliers += counts[j];
            for (int j = 0; j < i; j++) p[j] = counts[j];
            p[i - 1] += outliers;
            Squeeze(counts, i, levels, p, q);
            double kl = Divergence(p, q, i);
            if (kl < bestKl)
            {
                bestKl = kl;
                best = i;
            }
        }
        return best;
    }

    /// <summary>Q: bins [0, i) merged into <paramref name="levels"/> groups, each group's mass spread over its non-empty bins.</summary>
    private static void Squeeze(long[] counts, int i, int levels, double[] p, double[] q)
    {
        double perLevel = (double)i / levels;
        for (int level = 0; level < levels; level++)
        {
            int start = (int)(level * perLevel);
            int end = level == levels - 1 ? i : (int)((level + 1) * perLevel);
            double mass = 0;
            int nonZero = 0;
            for (int j = start; j < end; j++)
            {
                mass += counts[j];
                if (p[j] != 0) nonZero++;
            }
            for (int j = start; j < end; j++)
                q[j] = p[j] != 0 && nonZero > 0 ? mass / nonZero : 0;
        }
    }

    private static double Divergence(double[] p, double[] q, int n)
    {
        Smooth(p, n);
        Smooth(q, n);
        double sp = 0, sq = 0;
        for (int j = 0; j < n; j++) { sp += p[j]; sq += q[j]; }
        if (sp <= 0 || sq <= 0) return double.PositiveInfinity;
        double kl = 0;
        for (int j = 0; j < n; j++)
        {
            double pj = p[j] / sp;
            if (pj <= 0) continue;
            kl += pj * Math.Log(pj / (q[j] / sq));
        }
        return kl;
    }

    /// <summary>Moves a little mass onto empty bins so the log ratio stays finite.</summary>
    private static void Smooth(double[] d, int n)
    {
        int zeros = 0;
        double total = 0;
        for (int j = 0; j < n; j++)
        {
            if (d[j] == 0) zeros++;
            total += d[j];
        }
        int nonZeros = n - zeros;
        if (zeros == 0 || nonZeros == 0 || total <= 0) return;
        double eps = Epsilon * total / n;
        double take = eps * zeros / nonZeros;
        for (int j = 0; j < n; j++)
            d[j] = d[j] == 0 ? eps : Math.Max(d[j] - take, eps);
    }
}
