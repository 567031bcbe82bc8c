namespace EdgeAE.Export.Quantization;

/// <summary>Rank statistics used to compare float and int8 scores.</summary>
public static class ScoreStatistics
{
    /// <summary>Ranks 1..n, ties sharing their average rank.</summary>
    public static double[] Ranks(IReadOnlyList<float> values)
    {
        int n = values.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Spearman's rank correlation (Pearson on tie-averaged ranks); NaN when either side is constant.</summary>
    public static double Spearman(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("series differ in length");
        if (a.Count < 2) return double.NaN;
        return Pearson(Ranks(a), Ranks(b));
    }

    public static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>Area under the ROC curve of scores against 0/1 labels (Mann–Whitney U); NaN without both classes.</summary>
    public static double Auroc(IReadOnlyList<float> scores, IReadOnlyList<bool> positive)
    {
        var ranks = Ranks(scores);
        long pos = positive.Count(p => p), neg = positive.Count - pos;
        if (pos == 0 || neg == 0) return double.NaN;
        double sum = 0;
        for (int i = 0; i < ranks.Length; i++)
            if (positive[i]) sum += ranks[i];
        return (sum - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }

    /// <summary>The q-quantile (0..1) with linear interpolation.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
