using System.Diagnostics;
using System.Security.Cryptography;
using EdgeAE.Device.Hosting;
using EdgeAE.Device.Options;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Device.Tests;

/// <summary>
/// A start reads the bundle file once and hashes the whole file at most once: the optimized-model
/// cache's key and the model watcher's baseline are the same hash, of the bytes the running session
/// was built from. A change that lands after that read, even before the watcher exists, is reloaded.
/// </summary>
public class StartBundleReadTests
{
    private string dir = "";
    private string bundle = "";

    [SetUp]
    public void SetUp()
    {
        dir = TestPaths.TempDir("start-read");
        // A name of its own, so this test's cache entries are its own (the cache lives in the working directory's state).
        bundle = Path.Combine(dir, "model", $"once-{Guid.NewGuid():N}.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(bundle)!);
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(StatePaths.ModelCache))
            foreach (var f in Directory.EnumerateFiles(StatePaths.ModelCache, Path.GetFileName(bundle) + ".*")) File.Delete(f);
        Directory.Delete(dir, recursive: true);
    }

    [TestCase(true, true, true, TestName = "CacheAndWatcherShareOneHash")]
    [TestCase(false, true, true, TestName = "WatcherAloneHashesOnce")]
    [TestCase(true, false, true, TestName = "CacheAloneHashesOnce")]
    [TestCase(false, false, false, TestName = "NeitherHashesTheWholeFile")]
    public void AStartReadsTheBundleOnce(bool cache, bool watch, bool hashed)
    {
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(1000), window: 16, components: 8, bundle);
        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Model.OptimizedModelCache = cache;
        o.Model.ReloadPollSeconds = watch ? 60 : 0;
        var reads = new List<BundleFile>();
        using var h = new DeviceHarness(o, readBundle: p =>
        {
            var f = BundleFile.Read(p);
            reads.Add(f);
            return f;
        });

        Assert.That(reads, Has.Count.EqualTo(1), "one read of the bundle for the whole start");
        // A BundleFile computes its hash at most once; with one read there is at most one whole-file hash.
        Assert.That(reads[0].IsHashed, Is.EqualTo(hashed), "hashed only when the cache or the watcher needs it");
        string oracle = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(bundle)));
        if (watch) Assert.That(h.Components.Watcher!.RunningSha256, Is.EqualTo(oracle));
        var entries = Directory.Exists(StatePaths.ModelCache) ? Directory.GetFiles(StatePaths.ModelCache, Path.GetFileName(bundle) + ".*") : [];
        if (cache) Assert.That(entries, Has.Some.StartsWith(Path.Combine(StatePaths.ModelCache, Path.GetFileName(bundle) + "." + oracle[..16])), "the cache keyed on the same hash");
        else Assert.That(entries, Is.Empty);
    }

    [Test]
    public void AChangeBetweenTheLoadAndTheWatcherIsReloaded()
    {
        var training = DeviceHarness.CleanSimulatorTable(3000);
        var first = PcaBundle.Fit(training, window: 16, components: 12, bundle);
        string replacement = Path.Combine(dir, "next.onnx");
        var next = PcaBundle.Fit(training, window: 16, components: 8, replacement);
        Assert.That(next.Provenance.GraphSha256, Is.Not.EqualTo(first.Provenance.GraphSha256));

        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Model.ReloadPollSeconds = 0.5;
        o.Source = new SourceOptions { Kind = SourceKind.Simulator, Speed = 4, Simulator = new SimulatorOptions { FaultEverySeconds = 0 } };
        string? loadedSha = null;
        // The new bundle lands right after the start has read the old one, before the watcher is built.
        using var h = new DeviceHarness(o, readBundle: p =>
        {
            var f = BundleFile.Read(p);
            if (loadedSha is null)
            {
                loadedSha = Convert.ToHexStringLower(SHA256.HashData(f.Bytes));
                File.Move(replacement, p, overwrite: true);
            }
            return f;
        });
        Assert.That(h.Pipeline.Scorer.Manifest.Provenance.GraphSha256, Is.EqualTo(first.Provenance.GraphSha256), "the start runs what it read");
        Assert.That(h.Components.Watcher!.RunningSha256, Is.EqualTo(loadedSha), "the watcher's baseline is the loaded bytes, not a re-read");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        h.Components.Watcher.Start();
        var run = Task.Factory.StartNew(() => h.Pipeline.Run(cts.Token), TaskCreationOptions.LongRunning);
        var sw = Stopwatch.StartNew();
        while (h.Pipeline.Scorer.Manifest.Provenance.GraphSha256 != next.Provenance.GraphSha256)
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail("the bundle written before the watcher started was never swapped in");
            Thread.Sleep(50);
        }
        Assert.That(h.Journal().Select(e => e.GetProperty("kind").GetString()), Does.Contain("model-reloaded"));
        cts.Cancel();
        run.Wait(TimeSpan.FromSeconds(5));
    }
}
