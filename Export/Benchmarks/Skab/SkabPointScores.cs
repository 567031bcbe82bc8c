using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>Per-row scores under a <see cref="PointRule"/> (a row is flagged when its score is above the threshold).</summary>
public static class SkabPointScores
{
    public static float[] Of(ScoreSeries series, int window, int rows, PointRule rule)
    {
        if (rule == PointRule.AllCoveringWindows)
            return PointScores.FromWindows(series.Scores, series.EndRows, window, rows);
        var points = new float[rows];
        Array.Fill(points, float.NaN);
        for (int i = 0; i < series.Count; i++) points[series.EndRows[i]] = series.Scores[i];
        return points;
    }
}
