using EdgeAE.Device.Options;
using EdgeAE.Device.Sources;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Device.Tests;

/// <summary>
/// What the adaptive threshold learns survives a restart: the daemon continues from its saved
/// state, never from another bundle's, and a damaged state file falls back to the bundle's own
/// calibration instead of stopping the daemon.
/// </summary>
public class AdaptiveStateTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("adaptive");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private string Bundle(string name = "pump.onnx", int seed = 11)
    {
        string bundle = Path.Combine(dir, name);
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(1500, seed), window: 16, components: 12, bundle,
            recipe: new PcaBundle.Recipe(Adaptive: new AdaptiveThresholdOptions { Depth = 30 }));
        return bundle;
    }

    private DeviceOptions Replay(string bundle, int rows, int seed)
    {
        string csv = Path.Combine(dir, $"replay-{seed}-{rows}.csv");
        SimulatorCsvWriter.Write(csv, new SimulatorOptions { FaultEverySeconds = 0, Seed = seed }, rows);
        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = csv, Speed = 0 };
        return o;
    }

    private static (long Observations, double Alarm) Learned(DeviceHarness h)
    {
        var a = h.Pipeline.Scorer.Detector!.Adaptive!;
        return (a.Observations, a.Alarm);
    }

    [Test]
    public void ARestartedDaemonContinuesFromWhatItLearned()
    {
        string bundle = Bundle();
        (long Observations, double Alarm) before;
        long start;
        using (var h = new DeviceHarness(Replay(bundle, 3000, seed: 21)))
        {
            start = h.Pipeline.Scorer.Detector!.Adaptive!.Observations;
            h.Pipeline.Run(CancellationToken.None);
            before = Learned(h);
        }
        Assert.That(before.Observations, Is.GreaterThan(start + 1000), "the first run learned from its normal windows");
        Assert.That(Directory.GetFiles(Path.Combine(dir, "adaptive"), "adaptive-*.json"), Has.Length.EqualTo(1), "saved when the pipeline stopped");

        // A short second run: fewer frames than a window, so nothing new is learned; it must start where the first stopped.
        using var again = new DeviceHarness(Replay(bundle, 5, seed: 22));
        again.Pipeline.Run(CancellationToken.None);
        Assert.That(Learned(again), Is.EqualTo(before));
    }

    [Test]
    public void AnotherBundleDoesNotInheritTheState()
    {
        using (var h = new DeviceHarness(Replay(Bundle(), 3000, seed: 21))) h.Pipeline.Run(CancellationToken.None);
        string other = Bundle("other.onnx", seed: 12);
        using var h2 = new DeviceHarness(Replay(other, 5, seed: 22));
        long manifestStart = h2.Pipeline.Scorer.Detector!.Adaptive!.Observations;
        h2.Pipeline.Run(CancellationToken.None);
        Assert.That(Learned(h2).Observations, Is.EqualTo(manifestStart), "a different graph starts from its own calibration");
    }

    [Test]
    public void ADamagedStateFileFallsBackToTheBundlesCalibration()
    {
        string bundle = Bundle();
        using (var h = new DeviceHarness(Replay(bundle, 3000, seed: 21))) h.Pipeline.Run(CancellationToken.None);
        string state = Directory.GetFiles(Path.Combine(dir, "adaptive"), "adaptive-*.json").Single();
        File.WriteAllText(state, """{"recent": [1, 2], "peaks": [""");
        using var h2 = new DeviceHarness(Replay(bundle, 5, seed: 22));
        long manifestStart = h2.Pipeline.Scorer.Detector!.Adaptive!.Observations;
        h2.Pipeline.Run(CancellationToken.None);
        Assert.That(Learned(h2).Observations, Is.EqualTo(manifestStart));
    }
}
