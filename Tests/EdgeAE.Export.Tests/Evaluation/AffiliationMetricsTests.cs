using EdgeAE.Export.Evaluation;

namespace EdgeAE.Export.Tests.Evaluation;

public class AffiliationMetricsTests
{
    private static bool[] Rows(int n, params (int Start, int End)[] runs) =>
        Enumerable.Range(0, n).Select(i => runs.Any(r => i >= r.Start && i <= r.End)).ToArray();

    [Test]
    public void PredictingExactlyTheEventsScoresOne()
    {
        var y = Rows(300, (20, 39), (100, 100), (250, 299));
        var r = AffiliationMetrics.Compute(y, y);
        Assert.That((r.Precision, r.Recall, r.F1), Is.EqualTo((1.0, 1.0, 1.0)));
        Assert.That(r.EventPrecision, Is.EqualTo(new[] { 1.0, 1.0, 1.0 }));
    }

    [Test]
    public void AFarPredictionIsNearZero()
    {
        // One event [100, 110) in [0, 1000), so E = [0, 1000], 100 before and 890 after it; one flagged row [990, 991).
        // Precision: d runs 880 … 881 and F̄(d) = (890 − d)/1000, so ∫ = ((890 − 880)² − (890 − 881)²)/2/1000 = 0.0095.
        // Recall: for y in J, d = 990 − y and F̄_y(d) = 1 − (d + min(d, y))/1000 = 1 − 990/1000 = 0.01.
        var r = AffiliationMetrics.Compute(Rows(1000, (990, 990)), Rows(1000, (100, 109)));
        Assert.That(r.Precision, Is.EqualTo(0.0095).Within(1e-12));
        Assert.That(r.Recall, Is.EqualTo(0.01).Within(1e-12));
    }

    [Test]
    public void PartialOverlapByHand()
    {
        // J = [5, 10) in E = [0, 20] (5 before, 10 after); prediction [8, 12).
        // Precision: 2 inside, plus ∫₀² (max(5 − d, 0) + max(10 − d, 0))/20 dd = ((25 − 9) + (100 − 64))/2/20 = 1.3; (2 + 1.3)/4 = 0.825.
        // Recall: [8, 10) inside = 2; y in [5, 8) at d = 8 − y with F̄ = 1 − 2d/20: ∫₀³ = 3 − 0.45 = 2.55; (2 + 2.55)/5 = 0.91.
        var r = AffiliationMetrics.Compute(Rows(20, (8, 11)), Rows(20, (5, 9)));
        Assert.That(r.Precision, Is.EqualTo(0.825).Within(1e-12));
        Assert.That(r.Recall, Is.EqualTo(0.91).Within(1e-12));
    }

    [Test]
    public void APredictionAcrossTwoZonesIsSplitAtTheMidpoint()
    {
        // Events [20, 30) and [60, 70) in [0, 100): zones [0, 45] and [45, 100]. Prediction [40, 50).
        // Zone 1 (20 before, 15 after J₁): piece [40, 45) at d 10 … 15: ((100 − 25) + (25 − 0))/2/45 over 5 rows.
        // Zone 2 (15 before, 30 after J₂): piece [45, 50) at d 10 … 15: ((25 − 0) + (400 − 225))/2/55 over 5 rows.
        // Recall 1: y in [20, 30), d = 40 − y, F̄ = 1 − 2d/45: (10 − 2/45 · 150)/10. Recall 2: d = y − 50, F̄ = 1 − 2d/55: (10 − 2/55 · 150)/10.
        var r = AffiliationMetrics.Compute(Rows(100, (40, 49)), Rows(100, (20, 29), (60, 69)));
        double p1 = 50.0 / 45 / 5, p2 = 100.0 / 55 / 5, r1 = (10 - 300.0 / 45) / 10, r2 = (10 - 300.0 / 55) / 10;
        Assert.That(r.EventPrecision[0], Is.EqualTo(p1).Within(1e-12));
        Assert.That(r.EventPrecision[1], Is.EqualTo(p2).Within(1e-12));
        Assert.That(r.EventRecall[0], Is.EqualTo(r1).Within(1e-12));
        Assert.That(r.EventRecall[1], Is.EqualTo(r2).Within(1e-12));
        Assert.That(r.Precision, Is.EqualTo((p1 + p2) / 2).Within(1e-12));
        Assert.That(r.Recall, Is.EqualTo((r1 + r2) / 2).Within(1e-12));
    }

    [Test]
    public void APredictorPlacedAtRandomScoresAboutOneHalf()
    {
        // One labelled row [100, 101) with 100 rows either side: E = [0, 201]. A single flagged row placed at each
        // row in turn, averaged, is a uniform random predictor. Mean precision = (1 + 2·100²/201)/201 (1 inside,
        // ∫ of F̄ over both sides = 2·L²/|E|); mean recall = 1 − 2·100²/201² (F̄ = 1 − (2k − 1)/201 at k rows away).
        const int n = 201;
        var y = Rows(n, (100, 100));
        var results = Enumerable.Range(0, n).Select(i => AffiliationMetrics.Compute(Rows(n, (i, i)), y)).ToList();
        Assert.That(results.Average(r => r.Precision), Is.EqualTo((1 + 2 * 100.0 * 100 / n) / n).Within(1e-12));
        Assert.That(results.Average(r => r.Recall), Is.EqualTo(1 - 2 * 100.0 * 100 / (n * (double)n)).Within(1e-12));
        Assert.That(results.Average(r => r.Precision), Is.EqualTo(0.5).Within(0.01));
    }

    [Test]
    public void MirroringTheSeriesChangesNothing()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(2, 400);
            var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.05).ToArray();
            if (!y.Any(v => v)) y[rng.Next(n)] = true;
            var p = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.04).ToArray();
            var forward = AffiliationMetrics.Compute(p, y);
            var backward = AffiliationMetrics.Compute(p.Reverse().ToArray(), y.Reverse().ToArray());
            Assert.That(backward.Recall, Is.EqualTo(forward.Recall).Within(1e-12), $"trial {trial}");
            if (double.IsNaN(forward.Precision)) Assert.That(double.IsNaN(backward.Precision));
            else Assert.That(backward.Precision, Is.EqualTo(forward.Precision).Within(1e-12), $"trial {trial}");
            Assert.That(forward.Recall, Is.InRange(0.0, 1.0));
            if (!double.IsNaN(forward.Precision)) Assert.That(forward.Precision, Is.InRange(0.0, 1.0));
        }
    }

    [Test]
    public void EdgeCases()
    {
        var y = Rows(50, (10, 14));
        var silent = AffiliationMetrics.Compute(new bool[50], y);
        Assert.That(double.IsNaN(silent.Precision), "no prediction: precision undefined");
        Assert.That(silent.Recall, Is.EqualTo(0));
        Assert.That(double.IsNaN(silent.F1));
        var noEvents = AffiliationMetrics.Compute(Rows(50, (3, 4)), new bool[50]);
        Assert.That(double.IsNaN(noEvents.Precision) && double.IsNaN(noEvents.Recall), "no labelled event: undefined");
        // One event, the whole series flagged: recall 1; precision is the zone's mean F̄, well below 1.
        var everything = AffiliationMetrics.Compute(Enumerable.Repeat(true, 50).ToArray(), y);
        Assert.That(everything.Recall, Is.EqualTo(1.0));
        Assert.That(everything.Precision, Is.LessThan(0.7));
        // Predictions only in another event's zone leave the first event's precision undefined, not zero.
        var r = AffiliationMetrics.Compute(Rows(100, (80, 82)), Rows(100, (10, 12), (85, 90)));
        Assert.That(double.IsNaN(r.EventPrecision[0]) && r.EventRecall[0] == 0);
        Assert.That(r.Precision, Is.EqualTo(r.EventPrecision[1]));
        Assert.Throws<ArgumentException>(() => AffiliationMetrics.Compute(
            [new AffiliationMetrics.Interval(5, 3)], [new AffiliationMetrics.Interval(1, 2)], new AffiliationMetrics.Interval(0, 10)));
    }
}
