using System.Diagnostics;
using EdgeAE.Device.Options;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Device.Tests;

/// <summary>Replacing the bundle file swaps a good model in between windows; a corrupt one is rejected and the old model keeps scoring.</summary>
public class HotReloadTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("reload");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void GoodBundleIsSwappedInAndCorruptBundleIsRejected()
    {
        string bundle = Path.Combine(dir, "model", "pump.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(bundle)!);
        var training = DeviceHarness.CleanSimulatorTable(3000);
        var manifest = PcaBundle.Fit(training, window: 16, components: 12, bundle);
        string firstGraph = manifest.Provenance.GraphSha256;

        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Model.ReloadPollSeconds = 0.5;
        o.Source = new SourceOptions { Kind = SourceKind.Simulator, Speed = 4, Simulator = new SimulatorOptions { FaultEverySeconds = 0 } };
        using var h = new DeviceHarness(o);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        h.Components.Watcher!.Start();
        var run = Task.Factory.StartNew(() => h.Pipeline.Run(cts.Token), TaskCreationOptions.LongRunning);

        WaitUntil(() => h.Pipeline.WindowsScored > 20, "scoring to start");

        // A good replacement: another trained model (fewer components), written as a new file and renamed over the old.
        var next = PcaBundle.Fit(training, window: 16, components: 8, Path.Combine(dir, "next.onnx"));
        Assert.That(next.Provenance.GraphSha256, Is.Not.EqualTo(firstGraph));
        File.Move(Path.Combine(dir, "next.onnx"), bundle, overwrite: true);
        WaitUntil(() => Kinds(h).Contains("model-reloaded"), "the new model to be swapped in");
        Assert.That(h.Pipeline.Scorer.Manifest.Provenance.GraphSha256, Is.EqualTo(next.Provenance.GraphSha256));
        long afterSwap = h.Pipeline.WindowsScored;

        // A corrupt replacement: truncated in place, as a failed copy would leave it.
        var bytes = File.ReadAllBytes(bundle);
        File.WriteAllBytes(bundle, bytes.AsSpan(0, bytes.Length / 3).ToArray());
        WaitUntil(() => Kinds(h).Contains("model-rejected"), "the corrupt model to be rejected");
        long atReject = h.Pipeline.WindowsScored;
        WaitUntil(() => h.Pipeline.WindowsScored > atReject + 20, "scoring to continue on the old model");
        Assert.That(h.Pipeline.Scorer.Manifest.Provenance.GraphSha256, Is.EqualTo(next.Provenance.GraphSha256), "the running model stays");
        Assert.That(afterSwap, Is.GreaterThan(0));

        var rejected = h.Journal().Last(e => e.GetProperty("kind").GetString() == "model-rejected");
        Assert.That(rejected.GetProperty("message").GetString(), Does.Contain("pump.onnx"));

        // A bundle whose self-test window scores NaN is also refused.
        var nanManifest = ManifestJson.Clone(next);
        nanManifest.Thresholds = null;
        var nanBasis = new double[16 * 6, 2];
        nanBasis[0, 0] = double.NaN;
        PcaBundle.Write(nanManifest, nanBasis, Path.Combine(dir, "nan.onnx"));
        File.Move(Path.Combine(dir, "nan.onnx"), bundle, overwrite: true);
        WaitUntil(() => Kinds(h).Count(k => k == "model-rejected") == 2, "the NaN model to be rejected");
        Assert.That(h.Journal().Last(e => e.GetProperty("kind").GetString() == "model-rejected").GetProperty("message").GetString(), Does.Contain("not finite"));
        Assert.That(h.Pipeline.Scorer.Manifest.Provenance.GraphSha256, Is.EqualTo(next.Provenance.GraphSha256));

        cts.Cancel();
        run.Wait(TimeSpan.FromSeconds(5));
        Assert.That(h.Scores, Has.All.Matches<float>(float.IsFinite));
    }

    private static List<string?> Kinds(DeviceHarness h) => h.Journal().Select(e => e.GetProperty("kind").GetString()).ToList();

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }
}
