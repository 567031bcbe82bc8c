namespace EdgeAE.Runtime.Calibration;

/// <summary>The threshold maximising point-wise F1 on labelled scores (a point is flagged when its score is above the threshold).</summary>
public static class BestF1Threshold
{
    /// <summary>The best threshold and the confusion counts it gives.</summary>
    public readonly record struct Result(double Threshold, double F1, double Precision, double Recall, long TruePositives, long FalsePositives, long FalseNegatives);

    /// <summary>
    /// Sweeps every distinct score as a cut. The returned threshold lies halfway between the lowest
    /// flagged score and the next lower one, so "score &gt; threshold" and "score ≥ threshold" flag
    /// the same points. NaN scores (points no window covers) are skipped. Ties in F1 keep the higher threshold.
    /// </summary>
    public static Result Find(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
        var pairs = new List<(double Score, bool Label)>(scores.Length);
        long positives = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i])) continue;
            pairs.Add((scores[i], labels[i]));
            if (labels[i]) positives++;
        }
        if (positives == 0) throw new InputException("f1 calibration needs labelled data with at least one anomalous point");
        if (positives == pairs.Count) throw new InputException("f1 calibration needs labelled data with at least one normal point");
        pairs.Sort((a, b) => b.Score.CompareTo(a.Score));

        long tp = 0, fp = 0;
        var best = new Result(Math.BitIncrement(pairs[0].Score), 0, 0, 0, 0, 0, positives);
        for (int i = 0; i < pairs.Count;)
        {
            double s = pairs[i].Score;
            for (; i < pairs.Count && pairs[i].Score == s; i++)
                if (pairs[i].Label) tp++; else fp++;
            long fn = positives - tp;
            double f1 = 2.0 * tp / (2.0 * tp + fp + fn);
            if (f1 > best.F1)
            {
                double threshold = i < pairs.Count ? (s + pairs[i].Score) / 2 : Math.BitDecrement(s);
                if (threshold >= s) threshold = Math.BitDecrement(s);
                best = new Result(threshold, f1, tp / (double)(tp + fp), tp / (double)positives, tp, fp, fn);
            }
        }
        return best;
    }
}
