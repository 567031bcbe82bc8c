using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Tests.Support;
using Google.Protobuf;

namespace EdgeAE.Runtime.Tests.Bundles;

public class BundleLoadTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-bundle-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void LoadsAValidBundleAndReadsTheManifestThroughOrtMetadata()
    {
        var m = TestBundles.Manifest(5, 2);
        using var b = TestBundles.Load(TestBundles.Shift(m, 0.5f));
        Assert.That(b.Manifest.Window, Is.EqualTo(5));
        Assert.That(b.Manifest.Channels, Is.EqualTo(new[] { "ch0", "ch1" }));
        Assert.That(b.Input.Dims, Is.EqualTo(new long[] { -1, 10 }));
        Assert.That(b.MaxBatch, Is.EqualTo(int.MaxValue));
    }

    [Test]
    public void PlainModelWithoutManifestIsRejected()
    {
        var g = new GraphBuilder();
        g.Input("input", -1, 4);
        g.Relu("input");
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        var e = Assert.Throws<BundleException>(() => TestBundles.Load(g.Build().ToByteArray()));
        Assert.That(e!.Field, Is.EqualTo("metadata_props[edgeae.manifest]"));
    }

    [Test]
    public void GraphEditedAfterExportIsDetected()
    {
        var model = OnnxModelIO.Parse(TestBundles.Shift(TestBundles.Manifest(3, 2), 0.5f));
        var delta = model.Graph.Initializer.Single();
        delta.RawData = ByteString.CopyFrom(BitConverter.GetBytes(9f));
        var e = Assert.Throws<BundleException>(() => TestBundles.Load(model.ToByteArray()));
        Assert.That(e!.Field, Is.EqualTo("provenance.graph_sha256"));
    }

    [Test]
    public void ManifestThatDoesNotFitTheModelIsRejected()
    {
        var model = OnnxModelIO.Parse(TestBundles.Shift(TestBundles.Manifest(3, 2), 0.5f));
        var m = OnnxModelIO.ReadManifest(model)!;
        m.Window = 4;
        model.MetadataProps.Single().Value = ManifestJson.Serialize(m);
        var e = Assert.Throws<BundleException>(() => TestBundles.Load(model.ToByteArray()));
        Assert.That(e!.Field, Is.EqualTo("layout"));
    }

    [Test]
    public void TruncatedAndMissingFilesGiveOneBundleError()
    {
        var bytes = TestBundles.Shift(TestBundles.Manifest(3, 2), 0.5f);
        Assert.That(Assert.Throws<BundleException>(() => TestBundles.Load(bytes[..(bytes.Length / 2)]))!.Field, Is.EqualTo("model"));
        Assert.That(Assert.Throws<BundleException>(() => Bundle.Load(Path.Combine(dir, "absent.onnx")))!.Field, Is.EqualTo("path"));
        Assert.That(Assert.Throws<BundleException>(() => TestBundles.Load("not a model at all"u8.ToArray()))!.Field, Does.StartWith("model"));
    }

    [Test]
    public void ByDefaultNothingIsWrittenBesideTheBundle()
    {
        string path = Path.Combine(dir, "b.onnx");
        File.WriteAllBytes(path, TestBundles.Dense(TestBundles.Manifest(4, 2), 8));
        using (var b = Bundle.Load(path))
            Assert.That(b.LoadedFromCache, Is.False);
        Assert.That(Directory.GetFiles(dir), Is.EqualTo(new[] { path }), "a library load leaves no optimized-model cache");
    }

    [Test]
    public void OptimizedModelIsCachedInTheGivenFolderVerifiedAndReused()
    {
        string path = Path.Combine(dir, "b.onnx");
        string cacheDir = Path.Combine(dir, "state", "model-cache");
        File.WriteAllBytes(path, TestBundles.Dense(TestBundles.Manifest(4, 2), 8));
        var settings = new InferenceSettings { OptimizedModelCacheDirectory = cacheDir };
        using (var first = Bundle.Load(path, settings))
            Assert.That(first.LoadedFromCache, Is.False);
        var caches = Directory.GetFiles(cacheDir, "b.onnx.*.opt.onnx");
        Assert.That(caches, Has.Length.EqualTo(1));
        Assert.That(File.Exists(caches[0] + ".sha256"), Is.True);
        Assert.That(Directory.GetFiles(dir), Is.EqualTo(new[] { path }), "nothing beside the bundle");
        using (var second = Bundle.Load(path, settings))
        {
            Assert.That(second.LoadedFromCache, Is.True);
            Assert.That(second.Manifest.Window, Is.EqualTo(4));
        }

        // One byte changed in the cached graph: the hash check rejects it and the bundle itself runs.
        var bytes = File.ReadAllBytes(caches[0]);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(caches[0], bytes);
        using (var third = Bundle.Load(path, settings))
            Assert.That(third.LoadedFromCache, Is.False, "a modified cache file never runs");
        using (var fourth = Bundle.Load(path, settings))
            Assert.That(fourth.LoadedFromCache, Is.True, "rebuilt after the rejection");
    }

    [Test]
    public void ACacheWhoseManifestDiffersFromTheBundleIsRejected()
    {
        // Another bundle's optimized graph, with a sidecar that matches it, put in this bundle's place:
        // it passes the file hash check, but its manifest is not the bundle's.
        string cacheDir = Path.Combine(dir, "cache");
        var settings = new InferenceSettings { OptimizedModelCacheDirectory = cacheDir };
        var manifest = TestBundles.Manifest(4, 2);
        string path = Path.Combine(dir, "b.onnx");
        File.WriteAllBytes(path, TestBundles.Dense(manifest, 8));
        using (Bundle.Load(path, settings)) { }
        string cache = Directory.GetFiles(cacheDir, "b.onnx.*.opt.onnx").Single();
        string sidecar = File.ReadAllText(cache + ".sha256");

        manifest.Thresholds = new ThresholdSpec { Warning = 100, Alarm = 200 };
        string other = Path.Combine(dir, "other", "b.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        File.WriteAllBytes(other, TestBundles.Dense(manifest, 8));
        string otherCacheDir = Path.Combine(dir, "other-cache");
        using (Bundle.Load(other, settings with { OptimizedModelCacheDirectory = otherCacheDir })) { }
        string forged = Directory.GetFiles(otherCacheDir, "b.onnx.*.opt.onnx").Single();
        File.Copy(forged, cache, overwrite: true);
        File.WriteAllText(cache + ".sha256", $"{OnnxModelFile.Sha256Hex(File.ReadAllBytes(cache))} {sidecar.Split(' ')[1]}");

        using var b = Bundle.Load(path, settings);
        Assert.That(b.LoadedFromCache, Is.False);
        Assert.That(b.Manifest.Thresholds, Is.Null, "the bundle's own manifest, not the forged cache's");
    }

    [Test]
    public void RecalibratingInPlaceMissesTheOldCache()
    {
        string path = Path.Combine(dir, "b.onnx");
        string cacheDir = Path.Combine(dir, "cache");
        var settings = new InferenceSettings { OptimizedModelCacheDirectory = cacheDir };
        File.WriteAllBytes(path, TestBundles.Dense(TestBundles.Manifest(4, 2), 8));
        using (var first = Bundle.Load(path, settings))
            Assert.That(first.Manifest.Thresholds, Is.Null);
        var model = OnnxModelIO.Load(path);
        var m = OnnxModelIO.ReadManifest(model)!;
        m.Thresholds = new ThresholdSpec { Warning = 1, Alarm = 2 };
        OnnxModelIO.WriteBundle(model, m, path);
        using (var second = Bundle.Load(path, settings))
            Assert.That(second.Manifest.Thresholds?.Alarm, Is.EqualTo(2), "the manifest of the new file, not of the cached optimized model");
        Assert.That(Directory.GetFiles(cacheDir, "b.onnx.*.opt.onnx"), Has.Length.EqualTo(1), "the stale cache was removed");
    }

    [Test]
    public void ThreadSettingIsValidated()
    {
        var bytes = TestBundles.Shift(TestBundles.Manifest(3, 2), 0.5f);
        Assert.Throws<ArgumentOutOfRangeException>(() => Bundle.Load(bytes, null, new InferenceSettings { IntraOpThreads = 0 }));
    }
}
