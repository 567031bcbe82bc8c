using EdgeAE.Device.Alerts;
using EdgeAE.Device.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Tests.Plant;

/// <summary>
/// A wrong password or a broker certificate the board does not trust: one log line naming the
/// problem, retries with backoff (the broker sees repeated attempts), and scoring, alerts and the
/// journal carry on as if there were no plant link.
/// </summary>
public class BrokerRefusalTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("refusal");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [TestCase("password", "the broker refused the login")]
    [TestCase("certificate", "TLS handshake failed")]
    public async Task OneLineRetriesAndScoringGoesOn(string what, string expected)
    {
        PlantSetup.RequireMosquitto();
        using var broker = new MosquittoBroker(dir);
        var o = PlantSetup.FaultyBoard(dir, broker, "pump-5");
        o.Mqtt = what == "password"
            ? PlantSetup.Board(broker, "pump-5", passwordFile: broker.WrongPasswordFile)
            : PlantSetup.Board(broker, "pump-5", caFile: TestCertificates.Create(dir, "stranger").CaFile);
        var logs = new CapturingLoggerFactory();
        using var h = new DeviceHarness(o, logs: logs);
        var link = h.Components.Plant!.Link;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await link.StartAsync(cts.Token);
        var run = Task.Factory.StartNew(() => h.Pipeline.Run(cts.Token), TaskCreationOptions.LongRunning);
        PlantSetup.WaitUntil(() => link.ConnectFailures >= 4, TimeSpan.FromSeconds(20), "four refused attempts");
        PlantSetup.WaitUntil(() => h.Journal().Any(e => e.GetProperty("kind").GetString() == "raised"), TimeSpan.FromSeconds(20), "an alarm raised meanwhile");
        cts.Cancel();
        run.Wait(TimeSpan.FromSeconds(10));
        await link.StopAsync(CancellationToken.None);

        var warnings = logs.Lines.Where(l => l.Category == "Mqtt" && l.Level >= LogLevel.Warning).Select(l => l.Text).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1), string.Join(" | ", warnings));
        Assert.That(warnings[0], Does.Contain(expected).And.Contain(broker.Url));
        Assert.That(link.Connects, Is.Zero);
        Assert.That(h.Pipeline.WindowsScored, Is.GreaterThan(200), "scoring went on");
        var gpio = h.Pins.Transitions;
        Assert.That(gpio.Any(t => t.Name == "warning" && t.Level), Is.True, "the warning output was driven while the broker refused us");
        Assert.That(h.Components.Plant.Outbox.Pending, Is.GreaterThan(0), "events wait in the journal");

        // Backoff: the broker saw the attempts, further apart each time (0.2 s doubling to 1 s).
        Assert.That(File.ReadAllLines(broker.LogFile).Count(l => l.Contains("New connection from 127.0.0.1")), Is.GreaterThanOrEqualTo(4));
    }
}
