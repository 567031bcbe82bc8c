using EdgeAE.Export.Evaluation;

namespace EdgeAE.Export.Tests.Evaluation;

public class MetricsTests
{
    [Test]
    public void ConfusionMatrixByHand()
    {
        // Threshold 0.5 flags rows 1, 2, 4; row 5 has no score and is excluded.
        float[] s = [0.1f, 0.9f, 0.8f, 0.2f, 0.7f, float.NaN];
        bool[] y = [false, true, true, false, false, true];
        var c = ConfusionMatrix.Count(s, y, 0.5);
        Assert.That(c, Is.EqualTo(new ConfusionMatrix(TruePositives: 2, FalsePositives: 1, TrueNegatives: 2, FalseNegatives: 0)));
        Assert.That(c.Precision, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(c.Recall, Is.EqualTo(1.0));
        Assert.That(c.F1, Is.EqualTo(2 / 2.5).Within(1e-12)); // TP / (TP + (FN + FP)/2)
        Assert.That(c.FarPercent, Is.EqualTo(100.0 / 3).Within(1e-9));
        Assert.That(c.MarPercent, Is.EqualTo(0));
    }

    [Test]
    public void F1EqualsHarmonicMeanAndPoolsAcrossFiles()
    {
        var a = new ConfusionMatrix(30, 10, 50, 20);
        var b = new ConfusionMatrix(5, 0, 40, 15);
        var pooled = a + b;
        Assert.That(pooled, Is.EqualTo(new ConfusionMatrix(35, 10, 90, 35)));
        double p = pooled.Precision, r = pooled.Recall;
        Assert.That(pooled.F1, Is.EqualTo(2 * p * r / (p + r)).Within(1e-12));
        Assert.That(pooled.FarPercent, Is.EqualTo(10 * 100.0 / 100).Within(1e-12));
        Assert.That(pooled.MarPercent, Is.EqualTo(35 * 100.0 / 70).Within(1e-12));
    }

    [Test]
    public void AurocCountsTiesAsHalf()
    {
        // Positives {0.8, 0.5}, negatives {0.5, 0.2}: pairs 1 + 1 + ½ + 1 = 3.5 of 4.
        Assert.That(RankingMetrics.Auroc([0.8f, 0.5f, 0.5f, 0.2f], [true, true, false, false]), Is.EqualTo(0.875).Within(1e-12));
        Assert.That(RankingMetrics.Auroc([1f, 1f, 1f], [true, false, false]), Is.EqualTo(0.5), "all tied = chance");
        Assert.That(RankingMetrics.Auroc([0.1f, 0.9f], [true, false]), Is.EqualTo(0), "perfectly wrong");
        Assert.That(double.IsNaN(RankingMetrics.Auroc([0.1f, 0.9f], [false, false])), "one class only");
    }

    [Test]
    public void AuprcIsAveragePrecision()
    {
        // 0.9(+) 0.8(−) 0.7(+) 0.1(−): recall 0.5 at precision 1, recall 1 at precision 2/3.
        Assert.That(RankingMetrics.Auprc([0.9f, 0.8f, 0.7f, 0.1f], [true, false, true, false]), Is.EqualTo(0.5 + 0.5 * 2 / 3.0).Within(1e-12));
        // Ties enter together: 0.9(+), then {0.5(+), 0.5(−)} → recall 1 at precision 2/3.
        Assert.That(RankingMetrics.Auprc([0.9f, 0.5f, 0.5f], [true, true, false]), Is.EqualTo(0.5 + 0.5 * 2 / 3.0).Within(1e-12));
        Assert.That(RankingMetrics.Auprc([3f, 2f, 1f], [true, true, false]), Is.EqualTo(1.0));
    }

    [Test]
    public void RocCurveRunsFromOriginToOne()
    {
        var curve = RankingMetrics.Curve([0.9f, 0.8f, 0.7f, 0.1f], [true, false, true, false]);
        Assert.That(curve.Select(p => (p.FalsePositiveRate, p.TruePositiveRate)),
            Is.EqualTo(new[] { (0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0) }));
    }

    [Test]
    public void EventsByHand()
    {
        // Labels:  0 0 1 1 1 0 0 1 1 0 0 0   (events rows 2–4 and 7–8)
        // Flags:   1 0 0 1 1 1 1 0 0 0 1 0   (run 3–6 overlaps event 1; runs 0 and 10 are false alarms)
        bool[] y = [false, false, true, true, true, false, false, true, true, false, false, false];
        float[] s = [1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0];
        var times = Enumerable.Range(0, 12).Select(i => DateTime.UnixEpoch.AddSeconds(2 * i)).ToArray();
        var e = EventMetrics.Evaluate(s, y, 0.5, times);
        Assert.That(e.Events.Select(x => x.Span), Is.EqualTo(new[] { new RowSpan(2, 4), new RowSpan(7, 8) }));
        Assert.That((e.Detected, e.Missed, e.FalseAlarmEvents), Is.EqualTo((1, 1, 2)));
        Assert.That(e.FalseAlarms, Is.EqualTo(new[] { new RowSpan(0, 0), new RowSpan(10, 10) }));
        Assert.That(e.MeanDelayRows, Is.EqualTo(1));
        Assert.That(e.MeanDelaySeconds, Is.EqualTo(2));
    }

    [Test]
    public void EvaluationCombinesEverythingAndCountsExcludedRows()
    {
        float[] s = [float.NaN, float.NaN, 0.1f, 0.2f, 0.9f, 0.95f, 0.3f];
        bool[] y = [false, false, false, false, true, true, false];
        var r = EvaluationResult.Evaluate(s, y, 0.5);
        Assert.That(r.ExcludedRows, Is.EqualTo(2));
        Assert.That(r.Confusion, Is.EqualTo(new ConfusionMatrix(2, 0, 3, 0)));
        Assert.That(r.Auroc, Is.EqualTo(1.0));
        Assert.That(r.Events.Detected, Is.EqualTo(1));
        Assert.That(double.IsNaN(r.Events.MeanDelaySeconds), "no timestamps, no seconds");
    }
}
