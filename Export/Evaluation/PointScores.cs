namespace EdgeAE.Export.Evaluation;

/// <summary>
/// Maps window scores onto table rows by the SKAB protocol: a row is flagged when every window
/// covering it exceeds the threshold, i.e. its score is the minimum over the windows that cover it.
/// </summary>
public static class PointScores
{
    /// <summary>
    /// Per row, the minimum score of the windows covering it; a window ending at row e covers rows
    /// e − W + 1 … e. Rows no window covers (the first W − 1 rows of a recording, rows after the last
    /// window, gaps between windows when hop &gt; W) get NaN and are EXCLUDED from point-wise metrics,
    /// neither flagged nor counted as normal. Non-finite window scores are skipped.
    /// (With rejected frames a window spans W accepted rows; the row range used here is then a
    /// slight over-estimate of its coverage.)
    /// </summary>
    public static float[] FromWindows(ReadOnlySpan<float> windowScores, ReadOnlySpan<int> endRows, int window, int rows)
    {
        if (windowScores.Length != endRows.Length)
            throw new ArgumentException($"{windowScores.Length} window scores but {endRows.Length} end rows");
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "window must be ≥ 1");
        var points = new float[rows];
        Array.Fill(points, float.NaN);
        for (int i = 0; i < windowScores.Length; i++)
        {
            float s = windowScores[i];
            if (!float.IsFinite(s)) continue;
            int end = endRows[i];
            if (end < 0 || end >= rows) throw new ArgumentOutOfRangeException(nameof(endRows), end, $"window end row outside 0:{rows}");
            for (int r = Math.Max(0, end - window + 1); r <= end; r++)
                if (float.IsNaN(points[r]) || s < points[r]) points[r] = s;
        }
        return points;
    }

    /// <summary>Labels as booleans (&gt; 0.5 is anomalous).</summary>
    public static bool[] Labels(ReadOnlySpan<float> labels)
    {
        var b = new bool[labels.Length];
        for (int i = 0; i < labels.Length; i++) b[i] = labels[i] > 0.5f;
        return b;
    }
}
