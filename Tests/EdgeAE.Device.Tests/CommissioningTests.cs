using System.Text.Json;
using EdgeAE.Device.Options;
using EdgeAE.Device.Sources;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Device.Tests;

/// <summary>
/// Commissioning scores without alarming, survives a restart mid-way (scores and progress kept),
/// calibrates with the Runtime calibrator, persists the thresholds and arms — also on later starts.
/// </summary>
public class CommissioningTests
{
    private string dir = "";
    private string bundle = "";

    [SetUp]
    public void SetUp()
    {
        dir = TestPaths.TempDir("commissioning");
        bundle = Path.Combine(dir, "pump.onnx");
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(3000), window: 16, components: 16, bundle);
    }

    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private DeviceOptions Options(string csv)
    {
        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = csv, Speed = 0 };
        o.Model.Commissioning = new CommissioningOptions
        {
            Duration = TimeSpan.FromSeconds(30),
            Method = "quantile",
            Q = 0.999,
            Margin = 2,
            StateDirectory = Path.Combine(dir, "state"),
        };
        return o;
    }

    private string Csv(string name, int seed, double seconds, params string[] faults)
    {
        string path = Path.Combine(dir, name);
        var sim = faults.Length == 0
            ? new SimulatorOptions { FaultEverySeconds = 0, Seed = seed }
            : new SimulatorOptions { Faults = faults, FaultEverySeconds = 15, FaultSeconds = 6, FirstFaultAfterSeconds = 8, Seed = seed };
        SimulatorCsvWriter.Write(path, sim, (long)(seconds * 50));
        return path;
    }

    [Test]
    public void ScoresWithoutAlarmingResumesAfterRestartThenArms()
    {
        // Run 1: 20 s of data with a bearing burst — scored, but no alarm while commissioning.
        string first = Csv("first.csv", 21, 20, "BearingBurst");
        using (var h = new DeviceHarness(Options(first)))
        {
            h.Pipeline.Run(CancellationToken.None);
            Assert.That(h.Scores.Max(), Is.GreaterThan(h.Pipeline.Scorer.Bundle.Manifest.Thresholds?.Alarm ?? 0.05), "the burst scores high");
            Assert.That(h.Events, Is.Empty, "no alarms while commissioning");
            Assert.That(h.Journal().Select(e => e.GetProperty("kind").GetString()), Has.None.EqualTo("commissioned"));
        }
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "state", "state.json"))).RootElement;
        double elapsed = state.GetProperty("elapsed_seconds").GetDouble();
        long kept = state.GetProperty("scores").GetInt64();
        Assert.That(elapsed, Is.EqualTo(20 - 16 / 50.0).Within(0.05));
        Assert.That(kept, Is.EqualTo(20 * 50 - 16 + 1));
        Assert.That(state.TryGetProperty("thresholds", out _), Is.False);

        // Run 2 (a restart): commissioning continues and completes after 30 s of scored stream time in total.
        string second = Csv("second.csv", 22, 20);
        using (var h = new DeviceHarness(Options(second)))
        {
            h.Pipeline.Run(CancellationToken.None);
            var commissioned = h.Journal().Single(e => e.GetProperty("kind").GetString() == "commissioned");
            Assert.That(commissioned.GetProperty("message").GetString(), Does.Contain("quantile"));
            var t = h.Pipeline.Scorer.Bundle.Manifest.Thresholds!;
            Assert.That(t.Calibration!.Reason, Does.StartWith("commissioning: "));
            // 30 s of stream time: 985 windows from run 1, the rest from run 2 (its first window adds no time).
            Assert.That(t.Calibration.Windows, Is.InRange(kept + 30 * 50 - 1000 - 2, kept + 30 * 50 - 1000 + 20));
        }
        state = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "state", "state.json"))).RootElement;
        double alarm = state.GetProperty("thresholds").GetProperty("alarm").GetDouble();
        Assert.That(alarm, Is.GreaterThan(0));

        // Run 3: armed from the persisted thresholds at once; a pressure drop raises an alarm.
        string third = Csv("third.csv", 23, 30, "PressureDrop");
        using (var h = new DeviceHarness(Options(third)))
        {
            Assert.That(h.Pipeline.Scorer.Bundle.Manifest.Thresholds!.Alarm, Is.EqualTo(alarm));
            h.Pipeline.Run(CancellationToken.None);
            Assert.That(h.Events.Any(e => e.Level == AlertLevel.Alarm), Is.True, "armed with the commissioned thresholds");
            Assert.That(h.Journal().Count(e => e.GetProperty("kind").GetString() == "commissioned"), Is.EqualTo(1), "only run 2 commissioned");
        }
    }
}
