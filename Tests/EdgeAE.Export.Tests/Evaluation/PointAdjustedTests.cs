using EdgeAE.Export.Evaluation;

namespace EdgeAE.Export.Tests.Evaluation;

public class PointAdjustedTests
{
    [Test]
    public void OneFlaggedRowInALongEventInflatesF1()
    {
        // 1000 rows, a 100-row event at 400–499, one flagged row inside it and 5 false alarms elsewhere.
        const int n = 1000;
        var y = Enumerable.Range(0, n).Select(i => i is >= 400 and < 500).ToArray();
        var flagged = Enumerable.Range(0, n).Select(i => i is 450 or 10 or 20 or 30 or 40 or 50).ToArray();
        var point = ConfusionMatrix.Count(flagged.Select(f => f ? 1f : 0f).ToArray(), y, 0.5);
        var adjusted = PointAdjusted.Count(flagged, y);
        Assert.That(point, Is.EqualTo(new ConfusionMatrix(1, 5, 895, 99)));
        Assert.That(adjusted, Is.EqualTo(new ConfusionMatrix(100, 5, 895, 0)));
        Assert.That(point.F1, Is.EqualTo(1 / (1 + (99 + 5) / 2.0)).Within(1e-12)); // 0.019
        Assert.That(adjusted.F1, Is.EqualTo(100 / (100 + 5 / 2.0)).Within(1e-12)); // 0.976
        Assert.That(adjusted.F1, Is.GreaterThan(40 * point.F1));
    }

    [Test]
    public void MissedEventsStayMissedAndNormalRowsAreUnchanged()
    {
        bool[] y = [false, true, true, true, false, true, true, false];
        bool[] f = [true, false, false, true, false, false, false, true];
        // Event 1–3 hit at row 3 → 3 TP; event 5–6 missed → 2 FN; rows 0 and 7 false alarms; row 4 TN.
        Assert.That(PointAdjusted.Count(f, y), Is.EqualTo(new ConfusionMatrix(3, 2, 1, 2)));
        Assert.That(PointAdjusted.Count(new bool[8], y), Is.EqualTo(new ConfusionMatrix(0, 0, 3, 5)));
        Assert.Throws<ArgumentException>(() => PointAdjusted.Count(new bool[3], y));
    }
}
