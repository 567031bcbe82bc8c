using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Runtime.Tests.Scoring;

public class ChannelScoreTests
{
    private static readonly float[] Errors = [1, 4, 2, 8];

    [TestCase(ScoreReduction.Mean, 0, 3.75f)]
    [TestCase(ScoreReduction.ChannelSum, 0, 15f)]
    [TestCase(ScoreReduction.Max, 0, 8f)]
    [TestCase(ScoreReduction.TopK, 2, 6f)]     // mean of 8 and 4
    [TestCase(ScoreReduction.TopK, 4, 3.75f)]
    public void ReducesRawChannelErrors(ScoreReduction reduction, int k, float expected)
    {
        var score = new ChannelScore(new ScoreSpec { Reduction = reduction, TopK = k }, 4);
        var per = new float[4];
        Assert.That(score.Compute(Errors, per), Is.EqualTo(expected));
        Assert.That(per, Is.EqualTo(Errors));
    }

    [Test]
    public void StandardizesEachChannelByItsOwnNormalSpreadBeforeReducing()
    {
        // z = (e − offset) / scale = (1−1)/1, (4−2)/1, (2−0)/0.5, (8−4)/4 = 0, 2, 4, 1
        var spec = new ScoreSpec
        {
            Reduction = ScoreReduction.Max,
            ChannelNormalization = new ChannelScoreSpec { Fit = "mean_std", Offset = [1, 2, 0, 4], Scale = [1, 1, 0.5f, 4] },
        };
        var per = new float[4];
        Assert.That(new ChannelScore(spec, 4).Compute(Errors, per), Is.EqualTo(4f));
        spec.Reduction = ScoreReduction.Mean;
        Assert.That(new ChannelScore(spec, 4).Compute(Errors, per), Is.EqualTo(7f / 4));
        Assert.That(per, Is.EqualTo(new float[] { 0, 2, 4, 1 }));
        // Below-normal channels count as 0 in the shares.
        spec.ChannelNormalization.Offset = [2, 2, 0, 4];
        new ChannelScore(spec, 4).Compute(Errors, per);
        Assert.That(per[0], Is.EqualTo(0f));
    }

    [Test]
    public void SeriesAppliesTheSmoothingAsTheScorerDoes()
    {
        var spec = new ScoreSpec { Reduction = ScoreReduction.Max, SmoothingAlpha = 0.5 };
        float[] errors = [2, 0, 1, 6, 0, 0];   // two windows × three channels → max 2, 6
        var s = ChannelScore.Series(errors, 3, spec);
        Assert.That(s, Is.EqualTo(new float[] { 2, 4 }));   // 2, then 0.5·6 + 0.5·2
    }

    [Test]
    public void MeanStdFitIsTheMomentsOfEachChannel()
    {
        // Two channels over four windows (sample standard deviation): c0 = 1,2,3,4 (mean 2.5, std √(5/3)); c1 = 10,10,10,14 (mean 11, std 2)
        float[] errors = [1, 10, 2, 10, 3, 10, 4, 14];
        var fit = ChannelScoreFit.Fit(errors, 2, ChannelFitMethod.MeanStd);
        Assert.That(fit.Offset, Is.EqualTo(new float[] { 2.5f, 11f }));
        Assert.That(fit.Scale[0], Is.EqualTo((float)Math.Sqrt(5.0 / 3)).Within(1e-6));
        Assert.That(fit.Scale[1], Is.EqualTo(2f).Within(1e-6));
        Assert.That(fit.Windows, Is.EqualTo(4));
    }

    [Test]
    public void MedianIqrFitIgnoresTheLongTail()
    {
        // 1..9 and one wild value: median 5.5, quartiles (linear interpolation) 3.25 and 7.75 → IQR 4.5
        float[] errors = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000];
        var fit = ChannelScoreFit.Fit(errors, 1, ChannelFitMethod.MedianIqr);
        Assert.That(fit.Offset[0], Is.EqualTo(5.5f));
        Assert.That(fit.Scale[0], Is.EqualTo((float)(4.5 / 1.349)).Within(1e-5));
    }

    [Test]
    public void AChannelWithNoSpreadGetsAFlooredScaleInsteadOfDividingByZero()
    {
        var fit = ChannelScoreFit.Fit([3, 3, 3, 3], 1, ChannelFitMethod.MeanStd);
        Assert.That(fit.Scale[0], Is.GreaterThan(0));
        Assert.That(float.IsFinite(fit.Scale[0]), Is.True);
    }
}
