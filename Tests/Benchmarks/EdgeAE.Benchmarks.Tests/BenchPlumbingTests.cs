using EdgeAE.Export.Benchmarks;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Inference;

namespace EdgeAE.Benchmarks.Tests;

public class BenchPlumbingTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-bench-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void BenchModelsAreValidBundlesThatReconstructTheirShape()
    {
        var paths = BenchModels.WriteAll(dir);
        Assert.That(paths, Has.Count.EqualTo(BenchModels.All.Count));
        foreach (var path in paths)
        {
            using var bundle = Bundle.Load(path, new InferenceSettings());
            Assert.That(bundle.Manifest.Provenance.Precision, Is.EqualTo(Precision.Fp32), path);
            var t = ManagedInferenceBench.Measure(bundle, 1, warmup: 1, minIterations: 3, TimeSpan.Zero);
            Assert.That(t.Iterations, Is.GreaterThanOrEqualTo(3));
            Assert.That(t.MedianUs, Is.GreaterThan(0));
        }
    }

    [Test]
    public void RewritingTheHopKeepsTheGraphHashAndLoads()
    {
        string path = BenchModels.WriteAll(dir).First();
        byte[] original = File.ReadAllBytes(path);
        byte[] hop1 = PipelineBench.WithHop(original, 1);
        Assert.That(OnnxModelFile.GraphSha256(hop1), Is.EqualTo(OnnxModelFile.GraphSha256(original)));
        using var bundle = Bundle.Load(hop1, null, new InferenceSettings());
        Assert.That(bundle.Manifest.Hop, Is.EqualTo(1));
    }

    [Test]
    public void PipelineScoresTheRequestedWindowsWithoutAllocating()
    {
        string path = BenchModels.WriteAll(dir).First(p => p.Contains("skab"));
        var result = PipelineBench.Measure(File.ReadAllBytes(path), path, new InferenceSettings(), hop: 1, windows: 300);
        Assert.That(result.Windows, Is.EqualTo(300));
        Assert.That(result.Frames, Is.EqualTo(300));
        Assert.That(result.BytesPerWindow, Is.EqualTo(0));
        Assert.That(result.SamplesPerSecond, Is.GreaterThan(0));
    }

    [Test]
    public void HarnessJsonIsParsedWithAndWithoutABatchFigure()
    {
        const string json = """
            {"model": "m.onnx", "ort_version": "1.31.1", "threads": 1,
             "batch1": {"batch": 1, "iters": 10, "median_us": 20.5, "p90_us": 25.0, "min_us": 19.0, "mean_us": 21.0, "per_window_median_us": 20.5, "per_window_p90_us": 25.0},
             "batchB": null}
            """;
        var r = HarnessRunner.Parse(json, 8);
        Assert.That(r.Batch1.MedianUs, Is.EqualTo(20.5));
        Assert.That(r.Batch1.P90Us, Is.EqualTo(25.0));
        Assert.That(r.BatchB, Is.Null);
        Assert.That(r.OrtVersion, Is.EqualTo("1.31.1"));
    }

    [TestCase("/x/dense-784.fp32.onnx", "dense-784")]
    [TestCase("ad01_int8.onnx", "ad01")]
    [TestCase("conv.onnx", "conv")]
    public void ModelNamesDropThePrecisionSuffix(string path, string name) =>
        Assert.That(LatencyBench.NameOf(path), Is.EqualTo(name));

    [Test]
    public void TimingStatsTakeMedianAndP90ByInterpolation()
    {
        var s = TimingStats.From([5, 1, 4, 2, 3, 10, 6, 7, 8, 9, 11]);
        Assert.That(s.MedianUs, Is.EqualTo(6));
        Assert.That(s.P90Us, Is.EqualTo(10));
        Assert.That(s.MinUs, Is.EqualTo(1));
    }
}
