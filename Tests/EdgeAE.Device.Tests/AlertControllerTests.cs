using EdgeAE.Device.Alerts;
using EdgeAE.Device.Options;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Runtime.Detection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

/// <summary>The outputs' timing rules on a test clock: deterministic, no sleeping, and blind to wall-clock jumps.</summary>
public class AlertControllerTests
{
    private static (AlertController Alerts, SimulatedPinBackend Pins) Create(AlertsOptions o, TimeProvider? time = null)
    {
        var pins = new SimulatedPinBackend(NullLogger.Instance);
        return (new AlertController(pins, o, time ?? new TestClock()), pins);
    }

    [Test]
    public void OutputsStartSafeAndFollowTheLevelActiveLow()
    {
        var (alerts, pins) = Create(new AlertsOptions { ActiveLow = true, MinOnMilliseconds = 0 });
        using (alerts)
        {
            Assert.That(pins.LevelOf(17) && pins.LevelOf(27) && pins.LevelOf(22), Is.True, "active-low outputs idle high");
            alerts.SetLevel(AlertLevel.Warning);
            Assert.That((pins.LevelOf(17), pins.LevelOf(27)), Is.EqualTo((false, true)));
            alerts.SetLevel(AlertLevel.Alarm);
            Assert.That((pins.LevelOf(17), pins.LevelOf(27)), Is.EqualTo((false, false)), "warning stays on during an alarm");
            alerts.SetSensorFault(true);
            Assert.That(pins.LevelOf(22), Is.False);
        }
        Assert.That(pins.LevelOf(17) && pins.LevelOf(27) && pins.LevelOf(22), Is.True, "disposal leaves every output inactive");
    }

    [Test]
    public void MinimumOnTimeHoldsAShortAlarm()
    {
        var clock = new TestClock();
        var (alerts, pins) = Create(new AlertsOptions { MinOnMilliseconds = 300 }, clock);
        using var _ = alerts;
        alerts.SetLevel(AlertLevel.Alarm);
        alerts.SetLevel(AlertLevel.Normal);
        Assert.That(pins.LevelOf(27), Is.True, "still on right after clearing");
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.That(pins.LevelOf(27), Is.True, "250 ms < 300 ms minimum");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.That(pins.LevelOf(27), Is.False, "off at the first tick after 300 ms");
    }

    [TestCase(+1)]
    [TestCase(-1)]
    public void WallClockJumpsDoNotChangeTheMinimumOnTime(int direction)
    {
        // NTP stepping the clock by a year, either way, right after the alarm: the hold is monotonic time.
        var clock = new TestClock();
        var (alerts, pins) = Create(new AlertsOptions { MinOnMilliseconds = 1000 }, clock);
        using var _ = alerts;
        alerts.SetLevel(AlertLevel.Alarm);
        alerts.SetLevel(AlertLevel.Normal);
        clock.JumpWall(TimeSpan.FromDays(365 * direction));
        clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.That(pins.LevelOf(27), Is.True, "a forward jump must not cut the hold short");
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.That(pins.LevelOf(27), Is.False, "a backward jump must not stretch it");
    }

    [Test]
    public void LatchHoldsUntilADebouncedAcknowledge()
    {
        var clock = new TestClock();
        var (alerts, pins) = Create(new AlertsOptions { MinOnMilliseconds = 0, Latch = true, AckPin = 5, AckDebounceMilliseconds = 60 }, clock);
        using var _ = alerts;
        alerts.SetLevel(AlertLevel.Alarm);
        alerts.SetLevel(AlertLevel.Normal);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.That(pins.LevelOf(27), Is.True, "latched after the episode cleared");

        // A 20 ms bounce is not a press.
        pins.SetInput(5, false);
        clock.Advance(TimeSpan.FromMilliseconds(20));
        pins.SetInput(5, true);
        clock.Advance(TimeSpan.FromMilliseconds(150));
        Assert.That(pins.LevelOf(27), Is.True);
        Assert.That(alerts.Acknowledgements, Is.Zero);

        // A press held for 50 ms is not debounced yet; at 60 ms (and the next 10 ms tick) it is.
        pins.SetInput(5, false);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.That(pins.LevelOf(27), Is.True);
        clock.Advance(TimeSpan.FromMilliseconds(30));
        Assert.That(pins.LevelOf(27), Is.False, "a held press acknowledges");
        Assert.That(alerts.Acknowledgements, Is.EqualTo(1));
        Assert.That(pins.LevelOf(17), Is.False);
    }

    [Test]
    public void AutoDriverWithoutGpioGivesOneLineMentioningTheFix()
    {
        if (File.Exists("/dev/gpiochip0")) Assert.Ignore("this machine has GPIO");
        var e = Assert.Throws<Hosting.StartupException>(() => GpioBackendFactory.Create(new AlertsOptions { Driver = GpioDriverKind.Auto }, NullLogger.Instance));
        Assert.That(e!.Message, Does.Not.Contain("\n"));
        Assert.That(e.Message, Does.Contain("libgpiod").Or.Contain("gpio group"));
        TestContext.Out.WriteLine(e.Message);
    }
}
