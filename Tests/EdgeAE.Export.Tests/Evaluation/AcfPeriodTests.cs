using EdgeAE.Export.Evaluation;

namespace EdgeAE.Export.Tests.Evaluation;

public class AcfPeriodTests
{
    private static float[] Sine(int n, double period, double noise = 0, int seed = 1)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(t => (float)(Math.Sin(2 * Math.PI * t / period) + noise * (rng.NextDouble() - 0.5))).ToArray();
    }

    [Test]
    public void FindsThePeriodOfANoisySine()
    {
        Assert.That(AcfPeriod.Estimate(Sine(5000, 50)), Is.EqualTo(50));
        Assert.That(AcfPeriod.Estimate(Sine(30000, 120, noise: 0.2)), Is.EqualTo(120), "only the first 20 000 samples are used");
        Assert.That(AcfPeriod.TryEstimate(Sine(3000, 7), out int p) && p == 7);
    }

    [Test]
    public void FallsBackLikeTsbAd()
    {
        // Lags below 6 or above 303, a constant series and NaN samples give TSB-AD's 125.
        Assert.That(AcfPeriod.TryEstimate(Sine(5000, 4), out int p), Is.False);
        Assert.That(p, Is.EqualTo(AcfPeriod.Fallback));
        Assert.That(AcfPeriod.Estimate(Sine(5000, 350)), Is.EqualTo(125));
        Assert.That(AcfPeriod.Estimate(new float[1000]), Is.EqualTo(125));
        var withNaN = Sine(2000, 50);
        withNaN[100] = float.NaN;
        Assert.That(AcfPeriod.Estimate(withNaN), Is.EqualTo(125));
        Assert.That(AcfPeriod.Estimate([1f, 2f, 3f]), Is.EqualTo(125), "too short");
    }

    [Test]
    public void TheVusBufferSaysWhereItCameFrom()
    {
        var found = VusBuffer.FromFirstChannel(Sine(5000, 50), "Accelerometer1RMS");
        Assert.That(found.MaxRows, Is.EqualTo(50));
        Assert.That(found.Source, Does.Contain("autocorrelation period").And.Contain("Accelerometer1RMS"));
        var fallback = VusBuffer.FromFirstChannel(new float[500], "flat");
        Assert.That((fallback.MaxRows, fallback.Source.StartsWith("TSB-AD's fallback")), Is.EqualTo((125, true)));
        Assert.That(VusBuffer.Default.MaxRows, Is.EqualTo(100));
    }
}
