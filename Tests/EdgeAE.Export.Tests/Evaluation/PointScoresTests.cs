using EdgeAE.Export.Evaluation;

namespace EdgeAE.Export.Tests.Evaluation;

public class PointScoresTests
{
    [Test]
    public void PointScoreIsTheMinimumOverCoveringWindows()
    {
        // W = 3; windows end at rows 2, 3, 4 (covering 0–2, 1–3, 2–4) with scores 5, 1, 7; row 5 is uncovered.
        var p = PointScores.FromWindows([5f, 1f, 7f], [2, 3, 4], window: 3, rows: 6);
        Assert.That(p[..5], Is.EqualTo(new[] { 5f, 1f, 1f, 1f, 7f }));
        Assert.That(float.IsNaN(p[5]), "uncovered rows are NaN (excluded)");
    }

    [Test]
    public void FlaggedOnlyWhenEveryCoveringWindowExceeds()
    {
        // Threshold 4: row 4 is covered by the 7 alone → flagged; rows 1–3 see the 1 → not flagged.
        var p = PointScores.FromWindows([5f, 1f, 7f], [2, 3, 4], 3, 6);
        var flagged = p.Select(s => s > 4).ToArray();
        Assert.That(flagged, Is.EqualTo(new[] { true, false, false, false, true, false }));
    }

    [Test]
    public void NonFiniteWindowScoresAreSkipped()
    {
        var p = PointScores.FromWindows([float.NaN, 2f], [1, 2], 2, 3);
        Assert.That(float.IsNaN(p[0]));
        Assert.That(p[1..], Is.EqualTo(new[] { 2f, 2f }));
    }

    [Test]
    public void LabelsAboveOneHalfAreAnomalous() =>
        Assert.That(PointScores.Labels([0f, 1f, 0.4f, 0.6f]), Is.EqualTo(new[] { false, true, false, true }));
}
