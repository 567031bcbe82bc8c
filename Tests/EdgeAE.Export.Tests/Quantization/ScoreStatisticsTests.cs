using EdgeAE.Export.Quantization;

namespace EdgeAE.Export.Tests.Quantization;

public class ScoreStatisticsTests
{
    [Test]
    public void SpearmanIsOneForAMonotoneMapAndMinusOneReversed()
    {
        float[] a = [1, 5, 2, 8, 3];
        Assert.That(ScoreStatistics.Spearman(a, a.Select(v => v * v + 1).ToArray()), Is.EqualTo(1).Within(1e-12));
        Assert.That(ScoreStatistics.Spearman(a, a.Select(v => -v).ToArray()), Is.EqualTo(-1).Within(1e-12));
    }

    [Test]
    public void RanksAverageTies()
    {
        Assert.That(ScoreStatistics.Ranks([3f, 1f, 3f, 2f]), Is.EqualTo(new[] { 3.5, 1, 3.5, 2 }));
    }

    [Test]
    public void AurocCountsCorrectlyOrderedPairs()
    {
        // Positives 0.9, 0.4; negatives 0.5, 0.1: 3 of 4 pairs ordered.
        Assert.That(ScoreStatistics.Auroc([0.9f, 0.4f, 0.5f, 0.1f], [true, true, false, false]), Is.EqualTo(0.75).Within(1e-12));
        Assert.That(ScoreStatistics.Auroc([0.9f, 0.8f], [true, true]), Is.NaN);
    }

    [Test]
    public void QuantileInterpolates()
    {
        Assert.That(ScoreStatistics.Quantile([4, 1, 3, 2], 0.5), Is.EqualTo(2.5));
        Assert.That(ScoreStatistics.Quantile([4, 1, 3, 2], 1), Is.EqualTo(4));
    }
}
