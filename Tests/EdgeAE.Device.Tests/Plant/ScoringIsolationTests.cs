using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeAE.Device.Metrics;
using EdgeAE.Device.Options;
using EdgeAE.Device.Sources;
using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests.Plant;

/// <summary>
/// MQTT work never holds up the scoring thread: with a "broker" that accepts TCP and never answers
/// and an outbox bound already exceeded, the same recording produces the same GPIO transitions and
/// journal events as without MQTT, in a comparable time. The metrics endpoint serves the counters meanwhile.
/// </summary>
public class ScoringIsolationTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("isolation");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public async Task DeadBrokerAndFullOutboxDoNotDelayGpio()
    {
        string bundle = Path.Combine(dir, "pump.onnx");
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(2000), window: 16, components: 12, bundle);
        string csv = Path.Combine(dir, "faulty.csv");
        SimulatorCsvWriter.Write(csv, new SimulatorOptions { FaultEverySeconds = 4, FaultSeconds = 1.5, FirstFaultAfterSeconds = 4, Faults = ["BearingBurst", "PressureDrop"] }, 12000);

        DeviceOptions Options(string journal)
        {
            var o = DeviceHarness.DefaultOptions(Path.Combine(dir, journal), bundle);
            o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = csv, Speed = 0 };
            return o;
        }

        // Reference: no plant link.
        var (plainGpio, plainEvents, plainTime) = Run(Options("plain"), null);
        Assert.That(plainGpio, Is.Not.Empty, "the recording raises alerts");

        // A black hole: accepts the TCP connection, never sends CONNACK.
        var hole = new TcpListener(IPAddress.Loopback, 0);
        hole.Start();
        var held = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try { while (true) held.Add(await hole.AcceptTcpClientAsync()); } catch (Exception) { }
        });
        try
        {
            var o = Options("dead");
            o.Mqtt = new Device.Plant.MqttOptions
            {
                Enabled = true,
                Broker = $"mqtt://127.0.0.1:{((IPEndPoint)hole.LocalEndpoint).Port}",
                Node = "pump-1",
                TelemetrySeconds = 0.1,
                MaxBacklogBytes = 4096,
                ReconnectMinSeconds = 0.05,
                ReconnectMaxSeconds = 0.2,
            };
            o.Metrics = new MetricsOptions { Enabled = true, Port = MosquittoBroker.FreePort() };
            string? scrape = null;
            var (gpio, events, time) = Run(o, h =>
            {
                var endpoint = new MetricsEndpoint(o.Metrics, h.Components.Metrics!, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
                return (endpoint, async () =>
                {
                    using var http = new HttpClient();
                    scrape = await http.GetStringAsync($"http://127.0.0.1:{o.Metrics.Port}/metrics");
                }
                );
            });
            Assert.That(gpio, Is.EqualTo(plainGpio), "the same GPIO transitions in the same order");
            Assert.That(events, Is.EqualTo(plainEvents), "the same journal events");
            Assert.That(time.TotalSeconds, Is.LessThan(plainTime.TotalSeconds * 3 + 5), $"MQTT run {time.TotalSeconds:0.0} s vs {plainTime.TotalSeconds:0.0} s without");
            Assert.That(held, Is.Not.Empty, "the link did try the dead broker");

            Assert.That(scrape, Is.Not.Null);
            Assert.That(scrape, Does.Contain("# TYPE edgeae_windows_scored_total counter"));
            Assert.That(scrape, Does.Contain("edgeae_inference_seconds_bucket{le=\"+Inf\"}"));
            Assert.That(scrape, Does.Contain("edgeae_channel_contribution{channel=\"vib_x\"}"));
            var backlog = scrape!.Split('\n').Single(l => l.StartsWith("edgeae_journal_backlog_events ", StringComparison.Ordinal));
            Assert.That(long.Parse(backlog.Split(' ')[1]), Is.EqualTo(events.Count), "every event waits for the broker");
            var count = scrape.Split('\n').Single(l => l.StartsWith("edgeae_inference_seconds_count ", StringComparison.Ordinal));
            Assert.That(long.Parse(count.Split(' ')[1]), Is.GreaterThan(100));
        }
        finally
        {
            hole.Stop();
            foreach (var c in held) c.Dispose();
            await accepting;
        }
    }

    private static (List<(int, bool)> Gpio, List<string> Events, TimeSpan Time) Run(DeviceOptions o,
        Func<DeviceHarness, (MetricsEndpoint Endpoint, Func<Task> Scrape)>? metrics)
    {
        using var h = new DeviceHarness(o);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var link = h.Components.Plant?.Link;
        link?.StartAsync(cts.Token).GetAwaiter().GetResult();
        var m = metrics?.Invoke(h);
        m?.Endpoint.StartAsync(cts.Token).GetAwaiter().GetResult();
        var sw = Stopwatch.StartNew();
        h.Pipeline.Run(cts.Token);
        var elapsed = sw.Elapsed;
        Assert.That(cts.IsCancellationRequested, Is.False, "the recording was scored to its end");
        if (m is { } mm)
        {
            Thread.Sleep(300);   // at least a few telemetry samples against the 4 KiB bound
            mm.Scrape().GetAwaiter().GetResult();
            Assert.That(h.Components.Plant!.Backlog.Dropped, Is.GreaterThan(0), "the full backlog dropped telemetry (never events)");
            mm.Endpoint.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        link?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        var gpio = h.Pins.Transitions.Select(t => (t.Line, t.Level)).ToList();
        var events = h.Journal().Select(e => e.GetProperty("kind").GetString() + "@" + e.GetProperty("at").GetString()).ToList();
        return (gpio, events, elapsed);
    }
}
