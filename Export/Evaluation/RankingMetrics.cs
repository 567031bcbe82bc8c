namespace EdgeAE.Export.Evaluation;

/// <summary>Threshold-free metrics of how well scores rank anomalous points above normal ones.</summary>
public static class RankingMetrics
{
    /// <summary>One ROC / precision-recall operating point: points with score ≥ Threshold are flagged.</summary>
    public readonly record struct CurvePoint(double Threshold, double FalsePositiveRate, double TruePositiveRate, double Precision);

    /// <summary>
    /// Area under the ROC curve by the Mann–Whitney statistic with mid-ranks, i.e. P(s⁺ &gt; s⁻) + ½·P(s⁺ = s⁻):
    /// tied scores count one half. NaN scores are skipped; NaN when either class is empty.
    /// </summary>
    public static double Auroc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        var pairs = Finite(scores, labels, out long pos, out long neg);
        if (pos == 0 || neg == 0) return double.NaN;
        pairs.Sort((a, b) => a.Score.CompareTo(b.Score));
        double rankSumPositives = 0;
        for (int i = 0; i < pairs.Count;)
        {
            int j = i;
            long tiedPositives = 0;
            for (; j < pairs.Count && pairs[j].Score == pairs[i].Score; j++) if (pairs[j].Label) tiedPositives++;
            double midRank = (i + 1 + j) / 2.0; // ranks i+1 … j share their mean
            rankSumPositives += tiedPositives * midRank;
            i = j;
        }
        return (rankSumPositives - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }

    /// <summary>
    /// Area under the precision–recall curve as average precision: Σ (Rₖ − Rₖ₋₁)·Pₖ over the distinct
    /// score cuts from the highest down (tied scores enter together, so ties are not ordered by luck).
    /// NaN without anomalous points.
    /// </summary>
    public static double Auprc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        var curve = Curve(scores, labels);
        if (curve.Count == 0 || double.IsNaN(curve[^1].TruePositiveRate)) return double.NaN;
        double ap = 0, previousRecall = 0;
        foreach (var p in curve)
        {
            if (p.TruePositiveRate > previousRecall) ap += (p.TruePositiveRate - previousRecall) * p.Precision;
            previousRecall = p.TruePositiveRate;
        }
        return ap;
    }

    /// <summary>
    /// The operating points at every distinct score cut, from flagging nothing (0, 0) to flagging
    /// everything (1, 1). A point's threshold is the lowest score it flags (+∞ for the first).
    /// </summary>
    public static List<CurvePoint> Curve(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        var pairs = Finite(scores, labels, out long pos, out long neg);
        pairs.Sort((a, b) => b.Score.CompareTo(a.Score));
        var curve = new List<CurvePoint>(pairs.Count + 1) { new(double.PositiveInfinity, 0, pos == 0 ? double.NaN : 0, 1) };
        long tp = 0, fp = 0;
        for (int i = 0; i < pairs.Count;)
        {
            double s = pairs[i].Score;
            for (; i < pairs.Count && pairs[i].Score == s; i++) if (pairs[i].Label) tp++; else fp++;
            curve.Add(new CurvePoint(s, neg == 0 ? double.NaN : fp / (double)neg, pos == 0 ? double.NaN : tp / (double)pos, tp / (double)(tp + fp)));
        }
        return curve;
    }

    private static List<(float Score, bool Label)> Finite(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, out long pos, out long neg)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
        var pairs = new List<(float, bool)>(scores.Length);
        pos = neg = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (float.IsNaN(scores[i])) continue;
            pairs.Add((scores[i], labels[i]));
            if (labels[i]) pos++; else neg++;
        }
        return pairs;
    }
}
