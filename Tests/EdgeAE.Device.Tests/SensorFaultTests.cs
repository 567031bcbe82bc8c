using EdgeAE.Device.Options;
using EdgeAE.Device.Sources;
using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests;

/// <summary>
/// Stuck and NaN sensors raise the distinct sensor-fault state (own output, own journal entries)
/// and never an anomaly; real machine faults from the same simulator do raise alarms.
/// </summary>
public class SensorFaultTests
{
    private string dir = "";
    private string bundle = "";

    [OneTimeSetUp]
    public void Train()
    {
        dir = TestPaths.TempDir("sensorfault");
        bundle = Path.Combine(dir, "pump.onnx");
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(4000), window: 16, components: 16, bundle);
    }

    [OneTimeTearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private DeviceOptions Replay(string csv, string journal)
    {
        var o = DeviceHarness.DefaultOptions(Path.Combine(dir, journal), bundle);
        o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = csv, Speed = 0 };
        o.Health.StuckSamples = 25;
        o.Health.ClearAfterSamples = 10;
        return o;
    }

    [Test]
    public void StuckAndNaNSensorsAreSensorFaultsNotAnomalies()
    {
        string csv = Path.Combine(dir, "sensor-faults.csv");
        SimulatorCsvWriter.Write(csv, new SimulatorOptions { Faults = ["Stuck", "NaN"], FaultEverySeconds = 20, FaultSeconds = 4, FirstFaultAfterSeconds = 20, Seed = 5 }, rows: 50 * 130);
        using var h = new DeviceHarness(Replay(csv, "sf"));
        h.Pipeline.Run(CancellationToken.None);

        var journal = h.Journal();
        var kinds = journal.Select(e => e.GetProperty("kind").GetString()).ToList();
        var faults = journal.Where(e => e.GetProperty("kind").GetString() == "sensor-fault").ToList();
        Assert.That(faults.Select(f => (f.GetProperty("fault").GetString(), f.GetProperty("sensor").GetString())),
            Is.EqualTo(new[] { ("stuck", "temperature"), ("non-finite", "pressure"), ("stuck", "temperature"), ("non-finite", "pressure"), ("stuck", "temperature"), ("non-finite", "pressure") }));
        Assert.That(kinds.Count(k => k == "sensor-ok"), Is.EqualTo(6), "each fault clears once the sensor is healthy");
        Assert.That(kinds, Has.None.EqualTo("raised"), "a broken sensor must never look like a machine anomaly");
        Assert.That(h.Events, Is.Empty);
        // The fault output went on and off six times; warning and alarm never moved.
        var t = h.Pins.Transitions;
        Assert.That(t.Count(x => x.Name == "sensor-fault" && x.Level), Is.EqualTo(6));
        Assert.That(t.Count(x => x.Name == "sensor-fault" && !x.Level), Is.EqualTo(6));
        Assert.That(t.Where(x => x.Name is "warning" or "alarm"), Is.Empty);
        Assert.That(h.Scores, Has.All.Matches<float>(float.IsFinite));
    }

    [Test]
    public void SilentSourceIsDownUntilDataFlowsAgain()
    {
        var o = DeviceHarness.DefaultOptions(Path.Combine(dir, "down"), bundle);
        int port;
        using (var probe = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)))
            port = ((System.Net.IPEndPoint)probe.Client.LocalEndPoint!).Port;
        o.Source = new SourceOptions { Kind = SourceKind.Udp, Udp = new UdpOptions { Port = port } };
        o.Health.DownAfter = TimeSpan.FromMilliseconds(300);
        o.Health.ClearAfterSamples = 3;
        using var h = new DeviceHarness(o);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var run = Task.Factory.StartNew(() => h.Pipeline.Run(cts.Token), TaskCreationOptions.LongRunning);
        try
        {
            Assert.That(SpinWait.SpinUntil(() => h.Components.Alerts.FaultOn, TimeSpan.FromSeconds(5)), Is.True, "no data → sensor fault");
            Assert.That(SpinWait.SpinUntil(() => Kinds(h).Contains("sensor-fault"), TimeSpan.FromSeconds(5)), Is.True);
            var fault = h.Journal().Single(e => e.GetProperty("kind").GetString() == "sensor-fault");
            Assert.That(fault.GetProperty("fault").GetString(), Is.EqualTo("down"));

            using var client = new System.Net.Sockets.UdpClient();
            var sim = new PumpSimulator(new SimulatorOptions { FaultEverySeconds = 0 });
            var v = new float[6];
            for (int i = 0; i < 10; i++)
            {
                sim.Next(v);
                var line = System.Text.Encoding.UTF8.GetBytes(string.Join(",", v.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n");
                client.Send(line, line.Length, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
            }
            Assert.That(SpinWait.SpinUntil(() => Kinds(h).Contains("sensor-ok"), TimeSpan.FromSeconds(5)), Is.True, "data again → fault clears");
            Assert.That(h.Components.Alerts.FaultOn, Is.False);
        }
        finally
        {
            // Never dispose the model under a running pipeline.
            cts.Cancel();
            run.Wait(TimeSpan.FromSeconds(5));
        }
        Assert.That(h.Events, Is.Empty);
    }

    /// <summary>Journal kinds, read while the daemon may be appending (a line still being written is skipped).</summary>
    private static List<string?> Kinds(DeviceHarness h)
    {
        try
        {
            return h.Journal().Select(e => e.GetProperty("kind").GetString()).ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    [Test]
    public void HoldLastSignalsNaNButKeepsScoring()
    {
        string csv = Path.Combine(dir, "nan-only.csv");
        SimulatorCsvWriter.Write(csv, new SimulatorOptions { Faults = ["NaN"], FaultEverySeconds = 40, FaultSeconds = 0.1, FirstFaultAfterSeconds = 20, Seed = 8 }, rows: 50 * 30);
        var o = Replay(csv, "holdlast");
        o.Model.BadSamples = Runtime.Streaming.BadSamplePolicy.HoldLast;
        using var h = new DeviceHarness(o);
        h.Pipeline.Run(CancellationToken.None);
        Assert.That(h.Journal().Count(e => e.GetProperty("kind").GetString() == "sensor-fault"), Is.EqualTo(1));
        // Every frame is scored (5 NaN frames repaired by the scorer), minus the first window's warm-up.
        Assert.That(h.Pipeline.WindowsScored, Is.EqualTo(50 * 30 - 16 + 1));
        Assert.That(h.Pipeline.Scorer.ValuesRepaired, Is.EqualTo(5));
    }

    [Test]
    public void WithoutTheStuckCheckAFrozenSensorWouldReachTheModel()
    {
        // The control for the test above: the same stuck fault with health checks off is scored.
        string csv = Path.Combine(dir, "stuck-only.csv");
        SimulatorCsvWriter.Write(csv, new SimulatorOptions { Faults = ["Stuck"], FaultEverySeconds = 40, FaultSeconds = 20, FirstFaultAfterSeconds = 20, Seed = 6 }, rows: 50 * 60);
        var o = Replay(csv, "control");
        o.Health.StuckSamples = 0;
        using var h = new DeviceHarness(o);
        h.Pipeline.Run(CancellationToken.None);
        Assert.That(h.Journal().Select(e => e.GetProperty("kind").GetString()), Has.None.EqualTo("sensor-fault"));
        Assert.That(h.Pipeline.WindowsScored, Is.EqualTo(50 * 60 - 16 + 1), "every frame, stuck or not, was scored");
    }

    [Test]
    public void MachineFaultsRaiseAlarmsInsideTheFaultSpans()
    {
        string csv = Path.Combine(dir, "machine-faults.csv");
        var sim = new SimulatorOptions { Faults = ["BearingBurst", "PressureDrop"], FaultEverySeconds = 30, FaultSeconds = 8, FirstFaultAfterSeconds = 20, Seed = 7 };
        SimulatorCsvWriter.Write(csv, sim, rows: 50 * 100);
        using var h = new DeviceHarness(Replay(csv, "mf"));
        h.Pipeline.Run(CancellationToken.None);

        var raised = h.Events.Where(e => e.Kind == Runtime.Detection.DetectorEventKind.Raised).ToList();
        Assert.That(raised, Has.Count.GreaterThanOrEqualTo(3), "bearing burst, pressure drop, bearing burst");
        var simulator = new PumpSimulator(sim);
        foreach (var e in raised)
        {
            long sample = (long)Math.Round((e.At - SimulatorCsvWriter.Start).TotalSeconds * 50);
            Assert.That(simulator.FaultAt(sample) ?? simulator.FaultAt(sample - 16), Is.Not.Null, $"alarm at {e.At:HH:mm:ss.fff} outside a fault");
        }
        Assert.That(h.Journal().Count(e => e.GetProperty("kind").GetString() == "raised"), Is.EqualTo(raised.Count));
        Assert.That(h.Pins.Transitions.Any(x => x.Name == "alarm" && x.Level), Is.True);
    }
}
