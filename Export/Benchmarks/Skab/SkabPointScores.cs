using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>
/// Per-row decision margins under a <see cref="PointRule"/>: a row is flagged when its margin is
/// above 0, NaN rows (no window, or a window judged before the detector was armed) are left out.
/// Margins are score − the alarm level each window was judged against, so a static and an adaptive
/// threshold are counted the same way.
/// </summary>
public static class SkabPointScores
{
    public static float[] Of(ScoreSeries series, int window, int rows, PointRule rule)
    {
        var margins = new float[series.Count];
        for (int i = 0; i < series.Count; i++)
            margins[i] = rule == PointRule.DetectorLevel
                ? double.IsNaN(series.AlarmLevels[i]) ? float.NaN : series.Levels[i] == AlertLevel.Alarm ? 1f : -1f
                : (float)(series.Scores[i] - series.AlarmLevels[i]);
        if (rule == PointRule.AllCoveringWindows)
            return PointScores.FromWindows(margins, series.EndRows, window, rows);
        var points = new float[rows];
        Array.Fill(points, float.NaN);
        for (int i = 0; i < series.Count; i++) points[series.EndRows[i]] = margins[i];
        return points;
    }
}
