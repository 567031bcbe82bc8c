using System.Diagnostics;
using EdgeAE.Device.Sources;

namespace EdgeAE.Device.Tests;

public class PacerTests
{
    [Test]
    public void FramesDueWithinTheBurstLeaveTogetherAndNeverEarlierThanTheBurst()
    {
        // 300 frames 1 ms apart, paced in real time with a 10 ms burst: one sleep per ~10 frames.
        var pacer = new Pacer(1, TimeProvider.System, TimeSpan.FromMilliseconds(10));
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 300; i++)
        {
            Assert.That(pacer.WaitUntil(TimeSpan.FromMilliseconds(i), CancellationToken.None), Is.True);
            // 1 ms of slack: this stopwatch starts a little after the pacer's own start.
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(i - 10 - 1)), $"frame {i} left more than a burst early");
        }
        // Oversleeping on a loaded machine only lowers the count; per-frame pacing would sleep ~300 times.
        Assert.That(pacer.Sleeps, Is.LessThanOrEqualTo(45));
        Assert.That(pacer.Sleeps, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void WithoutABurstEveryFrameWaitsForItsOwnTime()
    {
        var pacer = new Pacer(1, TimeProvider.System, TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 40; i++)
        {
            pacer.WaitUntil(TimeSpan.FromMilliseconds(5 * i), CancellationToken.None);
            // Up to 1 ms early by design, plus the stopwatch's later start.
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(5 * i - 2)), $"frame {i} left early");
        }
    }

    [Test]
    public void ACancelledWaitReturnsFalseAtOnce()
    {
        var pacer = new Pacer(1, TimeProvider.System, TimeSpan.FromMilliseconds(10));
        using var cts = new CancellationTokenSource();
        cts.CancelAfter(50);
        var clock = Stopwatch.StartNew();
        Assert.That(pacer.WaitUntil(TimeSpan.FromHours(1), cts.Token), Is.False);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }
}
