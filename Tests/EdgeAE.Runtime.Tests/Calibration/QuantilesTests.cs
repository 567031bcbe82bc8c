using EdgeAE.Runtime;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Runtime.Tests.Calibration;

public class QuantilesTests
{
    [TestCase(0.0, 1.0)]
    [TestCase(0.25, 1.75)]
    [TestCase(0.5, 2.5)]
    [TestCase(0.9, 3.7)]
    [TestCase(1.0, 4.0)]
    public void Type7InterpolatesBetweenOrderStatistics(double p, double expected)
    {
        // h = (n − 1)·p on {1, 2, 3, 4}: p = 0.9 → h = 2.7 → 3 + 0.7·(4 − 3).
        Assert.That(Quantiles.Of([4f, 1f, 3f, 2f], p), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void NonFiniteScoresAreIgnored()
    {
        Assert.That(Quantiles.Of([float.NaN, 1f, float.PositiveInfinity, 3f], 0.5), Is.EqualTo(2.0));
    }

    [Test]
    public void NoScoresIsAClearError()
    {
        var e = Assert.Throws<InputException>(() => Quantiles.Of([float.NaN], 0.5));
        Assert.That(e!.Message, Does.Contain("no scores"));
    }

    [TestCase(0.5)]
    [TestCase(0.9)]
    [TestCase(0.999)]
    public void UniformSampleQuantileIsTheLevel(double p)
    {
        // The p-quantile of U(0, 1) is p; its sampling sd at n = 200,000 is √(p(1−p)/n) ≤ 0.0012.
        Assert.That(Quantiles.Of(Samples.Uniform(200_000, 1), p), Is.EqualTo(p).Within(0.005));
    }

    [TestCase(0.5)]
    [TestCase(0.99)]
    [TestCase(0.999)]
    public void ExponentialSampleQuantileIsMinusLogOfTheTail(double p)
    {
        double exact = -Math.Log(1 - p);
        Assert.That(Quantiles.Of(Samples.Exponential(200_000, 2), p), Is.EqualTo(exact).Within(exact * 0.05));
    }

    [Test]
    public void SummaryHasTheRecordedKeys()
    {
        var summary = Quantiles.Summary(Quantiles.SortedFinite(Samples.Uniform(10_001, 3)));
        Assert.That(summary.Keys, Is.EqualTo(new[] { "p50", "p90", "p99", "p99.9", "max" }));
        Assert.That(summary["max"], Is.GreaterThan(summary["p99.9"]));
        Assert.That(Quantiles.Key(0.999), Is.EqualTo("p99.9"));
    }
}
