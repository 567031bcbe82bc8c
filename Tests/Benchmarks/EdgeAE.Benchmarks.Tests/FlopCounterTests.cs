using EdgeAE.Export.Benchmarks;
using EdgeAE.Onnx;

namespace EdgeAE.Benchmarks.Tests;

public class FlopCounterTests
{
    [Test]
    public void GemmChainCountsTwoFlopsPerMultiplyAccumulate()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 10);
        x = g.Gemm(x, new float[4 * 10], new float[4], 10, 4);
        x = g.Relu(x);
        g.Gemm(x, new float[3 * 4], new float[3], 4, 3);
        Assert.That(FlopCounter.Count(g.Build()), Is.EqualTo(2 * (10 * 4 + 4 * 3)));
    }

    [Test]
    public void ConvAndConvTransposeFollowStridesPadsAndGroups()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 1, 28, 28);
        // 1→16, k3, s2, p1: 14×14 outputs × 16 channels × 9 taps.
        x = g.Conv(x, new float[16 * 9], null, [16, 1, 3, 3], [2, 2], [1, 1, 1, 1]);
        // Back up: 16→1, k3, s2, p1, output padding 1: each of 16×14×14 inputs × 9 taps × 1 output channel.
        g.ConvTranspose(x, new float[16 * 9], null, [16, 1, 3, 3], [2, 2], [1, 1, 1, 1], [1, 1]);
        long expected = 2L * (16 * 14 * 14 * 9 + 16 * 14 * 14 * 9 * 1);
        Assert.That(FlopCounter.Count(g.Build()), Is.EqualTo(expected));
    }

    [Test]
    public void ShapesFlowThroughReshapeAndTransposeIntoMatmul()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 60, 8);
        x = g.Transpose(x, 0, 2, 1);                   // [1, 8, 60]
        x = g.Reshape(x, 0, -1);                       // [1, 480]
        string w = g.Weight("W", new float[480 * 5], 480, 5);
        g.Node("MatMul", [x, w]);
        Assert.That(FlopCounter.Count(g.Build()), Is.EqualTo(2L * 480 * 5));
    }

    [Test]
    public void Ad01ArchitectureHasThePublishedMacCount()
    {
        // MLPerf Tiny ad01: 640-128-128-128-128-8-128-128-128-128-640 dense = 264,192 MACs.
        var spec = BenchModels.All.Single(s => s.Name == "ad01-arch");
        var (model, _) = spec.Build(new Random(1));
        Assert.That(FlopCounter.Count(model), Is.EqualTo(2L * 264_192));
    }

    [Test]
    public void Int8QdqBundleCountsTheSameMultiplyAccumulates()
    {
        // The shape probe once failed on QDQ graphs (ORT's constant folding of a weight's DequantizeLinear
        // clashed with that tensor being probed), and `bench latency` printed "?" for every int8 bundle.
        var spec = BenchModels.All.Single(s => s.Name == "ad01-arch");
        var (model, manifest) = spec.Build(new Random(1));
        OnnxModelIO.StampManifest(model, manifest);
        var rng = new Random(2);
        int rows = 64 * manifest.Window, channels = manifest.Channels.Length;
        var values = new float[rows * channels];
        for (int i = 0; i < values.Length; i++) values[i] = (float)rng.NextDouble();
        var calibration = new Runtime.Data.SensorTable(manifest.Channels, values);
        var int8 = EdgeAE.Quantization.Int8Quantizer.Quantize(model, calibration, new EdgeAE.Quantization.QuantizationOptions()).Bundle;
        Assert.That(FlopCounter.Count(int8), Is.EqualTo(2L * 264_192));
    }

    [Test]
    public void ShapesComeFromOnnxRuntimeSoAnyOpMayStandBetweenTheProducts()
    {
        // Tile and Softsign had no rule in the hand-written shape walk; ORT runs them, so they count.
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 4);
        x = g.Node("Tile", [x, g.Int64s("repeats", 1, 3)]);     // [1, 12]
        x = g.Node("Softsign", [x]);
        g.Gemm(x, new float[5 * 12], new float[5], 12, 5);
        Assert.That(FlopCounter.Count(g.Build()), Is.EqualTo(2L * 12 * 5));
    }

    [Test]
    public void QdqGraphCountsLikeItsFloatForm()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 10);
        string scale = g.Weight("s", [0.1f]);
        string q = g.Node("QuantizeLinear", [x, scale]);
        x = g.Node("DequantizeLinear", [q, scale]);
        g.Gemm(x, new float[4 * 10], new float[4], 10, 4);
        Assert.That(FlopCounter.Count(g.Build()), Is.EqualTo(2L * 10 * 4));
    }
}
