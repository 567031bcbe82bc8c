namespace EdgeAE.Export.Evaluation;

/// <summary>Point-wise confusion counts and the SKAB metrics derived from them.</summary>
public readonly record struct ConfusionMatrix(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>Counts points with a finite score; a point is flagged when its score is above <paramref name="threshold"/>.</summary>
    public static ConfusionMatrix Count(ReadOnlySpan<float> pointScores, ReadOnlySpan<bool> labels, double threshold)
    {
        if (pointScores.Length != labels.Length) throw new ArgumentException($"{pointScores.Length} scores but {labels.Length} labels");
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < pointScores.Length; i++)
        {
            float s = pointScores[i];
            if (float.IsNaN(s)) continue;
            bool flagged = s > threshold;
            if (labels[i]) { if (flagged) tp++; else fn++; }
            else if (flagged) fp++;
            else tn++;
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    public static ConfusionMatrix operator +(ConfusionMatrix a, ConfusionMatrix b) => new(
        a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives,
        a.TrueNegatives + b.TrueNegatives, a.FalseNegatives + b.FalseNegatives);

    public long Points => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public long Positives => TruePositives + FalseNegatives;
    public long Negatives => FalsePositives + TrueNegatives;

    /// <summary>TP / (TP + FP); NaN when nothing is flagged.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    /// <summary>TP / (TP + FN); NaN without anomalous points.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
    /// <summary>SKAB's F1 = TP / (TP + (FN + FP)/2) (the harmonic mean of precision and recall); NaN with no positives at all.</summary>
    public double F1 => Ratio(TruePositives, TruePositives + (FalseNegatives + FalsePositives) / 2.0);
    /// <summary>False alarm rate FP / (FP + TN), in %.</summary>
    public double FarPercent => 100 * Ratio(FalsePositives, FalsePositives + TrueNegatives);
    /// <summary>Missed alarm rate FN / (FN + TP), in %.</summary>
    public double MarPercent => 100 * Ratio(FalseNegatives, FalseNegatives + TruePositives);

    private static double Ratio(double a, double b) => b == 0 ? double.NaN : a / b;
}
