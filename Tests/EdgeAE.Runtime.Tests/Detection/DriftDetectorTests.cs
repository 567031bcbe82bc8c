using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Runtime.Tests.Detection;

public class DriftDetectorTests
{
    private static DriftDetector Detector(double delta = 0.5, double lambda = 2) =>
        new(new DriftSpec { Delta = delta, Lambda = lambda, ReferenceOffset = [10, 0], ReferenceScale = [2, 1] });

    [Test]
    public void AnUpwardShiftIsReportedWhenItsCumulativeExcessPassesLambda()
    {
        var d = Detector();
        // Channel 0: x = 12 → z = 1; g = 0.5, 1.0, 1.5, 2.0, 2.5 → drift on the 5th frame (g > λ = 2).
        for (int i = 0; i < 4; i++) Assert.That(d.Update([12, 0], out _), Is.False, $"frame {i}");
        Assert.That(d.Update([12, 0], out var change), Is.True);
        Assert.That(change, Is.EqualTo(new DriftChange(0, +1, 1.0, 5)));
        Assert.That(d.StateOf(0), Is.EqualTo(1));
        Assert.That(d.DriftingChannels, Is.EqualTo(1));
    }

    [Test]
    public void ADownwardShiftAndItsReturnAreReported()
    {
        var d = Detector();
        // Channel 1: z = −2 → h = 1.5, 3.0 → drift down on the 2nd frame.
        Assert.That(d.Update([10, -2], out _), Is.False);
        Assert.That(d.Update([10, -2], out var down), Is.True);
        Assert.That(down.Channel, Is.EqualTo(1));
        Assert.That(down.Direction, Is.EqualTo(-1));
        Assert.That(down.Shift, Is.EqualTo(-2.0));
        // Back at the reference: r = 0.5, 1.0, 1.5, 2.0, 2.5 → cleared on the 5th frame.
        for (int i = 0; i < 4; i++) Assert.That(d.Update([10, 0], out _), Is.False);
        Assert.That(d.Update([10, 0], out var back), Is.True);
        Assert.That(back.Direction, Is.EqualTo(0));
        Assert.That(d.DriftingChannels, Is.EqualTo(0));
    }

    [Test]
    public void ShiftsWithinDeltaAndShortSpikesAreNotDrift()
    {
        var d = Detector(delta: 0.5, lambda: 10);
        var rng = new Random(1);
        for (int i = 0; i < 10_000; i++)
        {
            float spike = i % 1000 == 0 ? 8 : 0;     // one 8σ frame now and then accumulates 7.5 < λ
            Assert.That(d.Update([(float)(10 + 2 * (0.4 + spike)), (float)(rng.NextDouble() - 0.5)], out _), Is.False, $"frame {i}");
        }
    }

    [Test]
    public void TheReferenceIsTheNormalDataMeanAndStd()
    {
        var t = new SensorTable(["a"], [1, 3, float.NaN, 5, 7]);
        var spec = DriftReferenceFit.Fit(t, new DriftOptions { Delta = 0.7, Lambda = 50 });
        Assert.That(spec.ReferenceOffset[0], Is.EqualTo(4f));
        Assert.That(spec.ReferenceScale[0], Is.EqualTo((float)Math.Sqrt(5)).Within(1e-6));
        Assert.That(spec.Frames, Is.EqualTo(4));
        Assert.That(spec.Delta, Is.EqualTo(0.7));
    }
}
