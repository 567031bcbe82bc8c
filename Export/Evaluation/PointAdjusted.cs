namespace EdgeAE.Export.Evaluation;

/// <summary>
/// Point adjustment (Xu et al., WWW 2018): when any row of a labelled event is flagged, every row of
/// that event counts as flagged; rows outside events are unchanged. Reported only with its caveat:
/// one lucky row anywhere in a long event earns the whole event, so a detector that flags rows at
/// random scores a high point-adjusted F1 (Kim et al., "Towards a Rigorous Evaluation of Time-series
/// Anomaly Detection", AAAI 2022).
/// </summary>
public static class PointAdjusted
{
    /// <summary>What a reader must be told next to the number.</summary>
    public const string Caveat = "inflated: one flagged row marks its whole event; Kim et al. 2022";

    /// <summary>The confusion counts after adjustment (F1 etc. as for the point-wise counts).</summary>
    public static ConfusionMatrix Count(ReadOnlySpan<bool> flagged, ReadOnlySpan<bool> labels)
    {
        if (flagged.Length != labels.Length) throw new ArgumentException($"{flagged.Length} flags but {labels.Length} labels");
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.Length;)
        {
            if (!labels[i])
            {
                if (flagged[i]) fp++; else tn++;
                i++;
                continue;
            }
            int start = i;
            bool hit = false;
            for (; i < labels.Length && labels[i]; i++) hit |= flagged[i];
            if (hit) tp += i - start; else fn += i - start;
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }
}
