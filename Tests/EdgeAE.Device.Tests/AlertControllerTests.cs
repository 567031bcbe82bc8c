using EdgeAE.Device.Alerts;
using EdgeAE.Device.Options;
using EdgeAE.Runtime.Detection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

public class AlertControllerTests
{
    private static (AlertController Alerts, SimulatedPinBackend Pins) Create(AlertsOptions o)
    {
        var pins = new SimulatedPinBackend(NullLogger.Instance);
        return (new AlertController(pins, o), pins);
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
        var (alerts, pins) = Create(new AlertsOptions { MinOnMilliseconds = 300 });
        using var _ = alerts;
        alerts.SetLevel(AlertLevel.Alarm);
        alerts.SetLevel(AlertLevel.Normal);
        Assert.That(pins.LevelOf(27), Is.True, "still on right after clearing");
        Assert.That(SpinWait.SpinUntil(() => !pins.LevelOf(27), TimeSpan.FromSeconds(2)), Is.True);
    }

    [Test]
    public void LatchHoldsUntilADebouncedAcknowledge()
    {
        var (alerts, pins) = Create(new AlertsOptions { MinOnMilliseconds = 0, Latch = true, AckPin = 5, AckDebounceMilliseconds = 60 });
        using var _ = alerts;
        alerts.SetLevel(AlertLevel.Alarm);
        alerts.SetLevel(AlertLevel.Normal);
        Thread.Sleep(100);
        Assert.That(pins.LevelOf(27), Is.True, "latched after the episode cleared");

        // A 20 ms bounce is not a press.
        pins.SetInput(5, false);
        Thread.Sleep(20);
        pins.SetInput(5, true);
        Thread.Sleep(150);
        Assert.That(pins.LevelOf(27), Is.True);
        Assert.That(alerts.Acknowledgements, Is.Zero);

        pins.SetInput(5, false);
        Assert.That(SpinWait.SpinUntil(() => !pins.LevelOf(27), TimeSpan.FromSeconds(2)), Is.True, "a held press acknowledges");
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
