namespace EdgeAE.Export.Evaluation;

/// <summary>Point-wise, ranking, range-based and event-level metrics of point scores against labels at one threshold.</summary>
public sealed class EvaluationResult
{
    public required double Threshold { get; init; }
    public required ConfusionMatrix Confusion { get; init; }
    public required double Auroc { get; init; }
    public required double Auprc { get; init; }
    /// <summary>VUS-ROC and VUS-PR of the point scores (threshold-free).</summary>
    public required VolumeUnderSurface.Result Vus { get; init; }
    /// <summary>Where the VUS maximum buffer length came from.</summary>
    public required string VusBufferSource { get; init; }
    /// <summary>Affiliation precision/recall of the flagged rows.</summary>
    public required AffiliationMetrics.Result Affiliation { get; init; }
    /// <summary>Confusion counts after point adjustment (inflated; see <see cref="Evaluation.PointAdjusted"/>).</summary>
    public required ConfusionMatrix PointAdjusted { get; init; }
    public required EventMetrics Events { get; init; }
    /// <summary>Rows with no covering window (NaN point score), left out of the point-wise metrics.</summary>
    public required int ExcludedRows { get; init; }

    /// <summary>
    /// Evaluates point scores (NaN = excluded) against labels with "score &gt; threshold" as the flag rule.
    /// Every row-based metric (point-wise, ranking, VUS, affiliation, point-adjusted) sees the same rows:
    /// those with a point score, in order. VUS averages over buffers up to <paramref name="vusBuffer"/>
    /// (<see cref="VusBuffer.Default"/> when not given).
    /// </summary>
    public static EvaluationResult Evaluate(float[] pointScores, bool[] labels, double threshold, DateTime[]? timestamps = null, VusBuffer? vusBuffer = null)
    {
        if (pointScores.Length != labels.Length) throw new ArgumentException($"{pointScores.Length} scores but {labels.Length} labels");
        var buffer = vusBuffer ?? VusBuffer.Default;
        var (scores, scoredLabels, flags) = ScoredRows(pointScores, labels, threshold);
        return new EvaluationResult
        {
            Threshold = threshold,
            Confusion = ConfusionMatrix.Count(pointScores, labels, threshold),
            Auroc = RankingMetrics.Auroc(scores, scoredLabels),
            Auprc = RankingMetrics.Auprc(scores, scoredLabels),
            Vus = VolumeUnderSurface.Compute(scores, scoredLabels, buffer.MaxRows),
            VusBufferSource = buffer.Source,
            Affiliation = AffiliationMetrics.Compute(flags, scoredLabels),
            PointAdjusted = Evaluation.PointAdjusted.Count(flags, scoredLabels),
            Events = EventMetrics.Evaluate(pointScores, labels, threshold, timestamps),
            ExcludedRows = pointScores.Length - scores.Length,
        };
    }

    private static (float[] Scores, bool[] Labels, bool[] Flags) ScoredRows(float[] pointScores, bool[] labels, double threshold)
    {
        int n = pointScores.Count(s => !float.IsNaN(s));
        var scores = new float[n];
        var kept = new bool[n];
        var flags = new bool[n];
        for (int i = 0, k = 0; i < pointScores.Length; i++)
        {
            if (float.IsNaN(pointScores[i])) continue;
            scores[k] = pointScores[i];
            kept[k] = labels[i];
            flags[k++] = pointScores[i] > threshold;
        }
        return (scores, kept, flags);
    }
}
