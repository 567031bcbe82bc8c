using EdgeAE.Device.Hosting;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Device.Tests;

/// <summary>The status line a newcomer sees between alerts (issue 20's console part).</summary>
public class StatusLineTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("status");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void TheLineSaysWindowsScoreLevelAndAlarms()
    {
        Assert.That(StatusLine.Format(50, 12_340, 0.01083f, AlertLevel.Warning, 1, TimeSpan.FromSeconds(5)),
            Is.EqualTo("status: 50 windows in 5 s (12,340 in all), score 0.0108, level warning, 1 alarm today"));
        Assert.That(StatusLine.Format(0, 0, null, AlertLevel.Normal, 2, TimeSpan.FromSeconds(0.5)),
            Is.EqualTo("status: 0 windows in 0.5 s (0 in all), score none yet, level normal, 2 alarms today"));
    }

    [Test]
    public async Task OneLinePerPeriodOnTheInjectedClock()
    {
        var clock = new TestClock();
        var logs = new CapturingLoggerFactory();
        long windows = 0;
        using var line = new StatusLine(() => windows, new LiveStatus(clock), TimeSpan.FromSeconds(5), clock, logs.CreateLogger("Status"));
        await line.StartAsync(CancellationToken.None);
        windows = 40;
        clock.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(100);
        Assert.That(logs.Lines, Is.Empty, "nothing before the first period");
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(SpinWait.SpinUntil(() => logs.Lines.Count == 1, TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(logs.Lines.Single().Text, Does.StartWith("status: 40 windows in 5 s (40 in all), score none yet"));
        await line.StopAsync(CancellationToken.None);
    }

    [Test]
    public void TheDemoPrintsItWithoutBeingAsked()
    {
        // The demo's default period is 5 s; at 10× simulated speed the first fault comes later than that.
        using var daemon = new DaemonProcess(dir, "--demo", "--Source:Speed", "10", "--Model:ReloadPollSeconds", "0");
        Assert.That(daemon.WaitFor(() => daemon.Stdout.Any(l => l.Contains("Status[0] status: ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30)),
            Is.True, string.Join("\n", daemon.Stdout.TakeLast(20)) + string.Join("\n", daemon.Stderr));
        var status = daemon.Stdout.First(l => l.Contains("Status[0] status: ", StringComparison.Ordinal));
        Assert.That(status, Does.Match(@"status: [\d,]+ windows in 5 s \([\d,]+ in all\), score [-+.\dEe]+, level \w+, \d+ alarms? today"));
    }
}
