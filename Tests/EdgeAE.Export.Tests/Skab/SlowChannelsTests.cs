using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Streaming.Preprocessing;

namespace EdgeAE.Export.Tests.Skab;

public class SlowChannelsTests
{
    /// <summary>Channels: white noise, a trend under small noise, a random walk, a constant.</summary>
    private static SensorTable Table(int rows)
    {
        var rng = new Random(7);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var values = new float[rows * 4];
        double walk = 0;
        for (int r = 0; r < rows; r++)
        {
            walk += Gauss();
            values[r * 4] = (float)Gauss();
            values[r * 4 + 1] = (float)(0.01 * r + 0.1 * Gauss());
            values[r * 4 + 2] = (float)walk;
            values[r * 4 + 3] = 5f;
        }
        return new SensorTable(["noise", "trend", "walk", "constant"], values);
    }

    [Test]
    public void RoughnessIsOneForWhiteNoiseAndSmallForDrift()
    {
        var t = Table(2000);
        Assert.That(SlowChannels.Roughness(t, 0), Is.EqualTo(1.0).Within(0.05));
        Assert.That(SlowChannels.Roughness(t, 1), Is.LessThan(0.05));
        Assert.That(SlowChannels.Roughness(t, 2), Is.LessThan(0.2));
        Assert.That(double.IsNaN(SlowChannels.Roughness(t, 3)), Is.True, "a constant channel has no roughness");
    }

    [Test]
    public void FindNamesTheDriftingChannelsAndZeroTurnsItOff()
    {
        var t = Table(2000);
        Assert.That(SlowChannels.Find(t, 0.5), Is.EqualTo(new[] { "trend", "walk" }), "constant channels are another check's business");
        Assert.That(SlowChannels.Find(t, 0), Is.Empty);
    }

    [Test]
    public void NaNSamplesBreakTheDifferenceChainInsteadOfPoisoningIt()
    {
        var t = Table(400);
        for (int r = 10; r < 400; r += 37) t.Values[r * 4] = float.NaN;
        Assert.That(SlowChannels.Roughness(t, 0), Is.EqualTo(1.0).Within(0.12));
    }
}
