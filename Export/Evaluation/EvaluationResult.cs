namespace EdgeAE.Export.Evaluation;

/// <summary>Point-wise, ranking and event-level metrics of point scores against labels at one threshold.</summary>
public sealed class EvaluationResult
{
    public required double Threshold { get; init; }
    public required ConfusionMatrix Confusion { get; init; }
    public required double Auroc { get; init; }
    public required double Auprc { get; init; }
    public required EventMetrics Events { get; init; }
    /// <summary>Rows with no covering window (NaN point score), left out of the point-wise metrics.</summary>
    public required int ExcludedRows { get; init; }

    /// <summary>Evaluates point scores (NaN = excluded) against labels with "score &gt; threshold" as the flag rule.</summary>
    public static EvaluationResult Evaluate(float[] pointScores, bool[] labels, double threshold, DateTime[]? timestamps = null) => new()
    {
        Threshold = threshold,
        Confusion = ConfusionMatrix.Count(pointScores, labels, threshold),
        Auroc = RankingMetrics.Auroc(pointScores, labels),
        Auprc = RankingMetrics.Auprc(pointScores, labels),
        Events = EventMetrics.Evaluate(pointScores, labels, threshold, timestamps),
        ExcludedRows = pointScores.Count(float.IsNaN),
    };
}
