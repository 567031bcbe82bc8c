using EdgeAE.Export.Import;
using EdgeAE.Export.Quantization;
using EdgeAE.Export.Tests.Import;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Runtime.Streaming;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Export.Tests.Quantization;

/// <summary>
/// int8 bundles must score the same on every CPU: ONNX Runtime's x64 U8S8 kernels without VNNI
/// (AVX2, AVX-512 without VNNI) saturate 16-bit pair sums, and this machine's CI host is one of them.
/// </summary>
public class U8S8SaturationTests
{
    /// <summary>
    /// The oracle is the QDQ graph itself, run unfused (ORT_DISABLE_ALL: DequantizeLinear, float op,
    /// QuantizeLinear one by one, in float): what the integer kernels must compute up to float
    /// rounding. EdgeAE's session must match it on any CPU; plain ORT on a CPU without VNNI did not
    /// (ad01 112 % off, this dense model 1.5 % off, on a Zen 3 host).
    /// </summary>
    [TestCase(WeightEncoding.Int8)]
    [TestCase(WeightEncoding.UInt8)]
    [TestCase(WeightEncoding.Int7)]
    public void EdgeAESessionsComputeWhatTheQdqGraphMeans(WeightEncoding weights)
    {
        var model = QuantTestModels.DenseBundle(QuantTestModels.Sensors(3000, 1));
        var validation = QuantTestModels.Sensors(3000, 3);
        var int8 = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(2000, 2), new QuantizationOptions { Weights = weights }).Bundle;
        AssertSessionMatchesUnfusedGraph(int8, validation, 1e-4);
    }

    [Test]
    public void Ad01ScoresWhatItsQdqGraphMeans()
    {
        var converted = ModelConverter.Convert(new ConvertRequest { ModelPath = SharedData.Ad01("ad01.h5"), Window = 5, Channels = 128, Layout = TensorLayout.Flat });
        var clip = SensorDataReader.Read(SharedData.Ad01("clip_normal_id_01_00000000.csv"));
        var int8 = Int8Quantizer.Quantize(converted.Model, converted.Manifest, clip, new QuantizationOptions()).Bundle;
        AssertSessionMatchesUnfusedGraph(int8, clip, 1e-4);
    }

    [Test]
    public void CheckNamesTheLayersWhosePairSumsCanPass32767()
    {
        var model = QuantTestModels.DenseBundle(QuantTestModels.Sensors(1000, 1));
        var calibration = QuantTestModels.Sensors(1000, 2);
        var (layers, saturating) = U8S8Saturation.Check(Int8Quantizer.Quantize(model, calibration, new QuantizationOptions()).Bundle);
        Assert.That(layers, Is.EqualTo(4));
        Assert.That(saturating.Select(s => s.Layer), Is.EqualTo(new[] { "Gemm#1", "Gemm#2", "Gemm#3", "Gemm#4" }));
        Assert.That(saturating.Select(s => s.MaxWeight), Has.All.EqualTo(127), "symmetric per-channel weights reach ±127");

        var (layers7, saturating7) = U8S8Saturation.Check(Int8Quantizer.Quantize(model, calibration, new QuantizationOptions { Weights = WeightEncoding.Int7 }).Bundle);
        Assert.That((layers7, saturating7.Count), Is.EqualTo((4, 0)), "±64: 255 × 128 = 32,640 fits");
        var (layersU, _) = U8S8Saturation.Check(Int8Quantizer.Quantize(model, calibration, new QuantizationOptions { Weights = WeightEncoding.UInt8 }).Bundle);
        Assert.That(layersU, Is.EqualTo(0), "uint8 weights run the U8U8 kernels");
    }

    /// <summary>Hand-made weights: per output channel, the two largest same-sign weights decide.</summary>
    [TestCase(new sbyte[] { 64, 64, -10, 1, 2, 3 }, 0)]
    [TestCase(new sbyte[] { 65, 64, 1, 1, 2, 3 }, 32895)]
    [TestCase(new sbyte[] { -65, -64, 127, 1, 2, 3 }, 32895)]
    [TestCase(new sbyte[] { 127, 1, -1, 1, -2, 127 }, 0)]
    [TestCase(new sbyte[] { 1, 1, 1, 127, 2, 127 }, 64770)]
    public void WorstPairIsTheTwoLargestSameSignWeightsOfAChannel(sbyte[] rowMajorKxN, int expectedPairSum)
    {
        // Gemm B [K=3, N=2] stored row-major, output channels on axis 1: channel 0 is elements 0, 2, 4.
        var w = new sbyte[6];
        for (int k = 0; k < 3; k++) { w[k * 2] = rowMajorKxN[k]; w[k * 2 + 1] = rowMajorKxN[3 + k]; }
        var g = new GraphProto { Name = "g" };
        g.Initializer.Add(OnnxTensors.Int8("w", w, 3, 2));
        g.Initializer.Add(OnnxTensors.Float("s", [0.1f, 0.1f], 2));
        g.Initializer.Add(OnnxTensors.Int8("z", new sbyte[2], 2));
        g.Node.Add(new NodeProto { OpType = "DequantizeLinear", Input = { "w", "s", "z" }, Output = { "wd" }, Attribute = { Attr.Int("axis", 1) } });
        g.Node.Add(new NodeProto { OpType = "Gemm", Input = { "x", "wd" }, Output = { "y" } });
        var (layers, saturating) = U8S8Saturation.Check(new ModelProto { Graph = g });
        Assert.That(layers, Is.EqualTo(1));
        Assert.That(saturating.SingleOrDefault()?.WorstPairSum ?? 0, Is.EqualTo(expectedPairSum));
    }

    [Test]
    public void ReportSaysWhatPlainOnnxRuntimeCostsOnThisCpu()
    {
        var model = QuantTestModels.DenseBundle(QuantTestModels.Sensors(3000, 1));
        var validation = QuantTestModels.Sensors(1500, 3);
        var options = new ValidationOptions { LatencyIterations = 0, InspectOptimizedGraph = false, ClippingWindows = 0 };
        var int8 = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(2000, 2), new QuantizationOptions()).Bundle;
        var report = QuantizationValidator.Validate(model, int8, validation, options: options);
        TestContext.Out.WriteLine(report.ToJson()["x64_u8s8"]!.ToJsonString());
        Assert.That(report.Int8WeightLayers, Is.EqualTo(4));
        Assert.That(report.U8S8MaySaturate, Has.Count.EqualTo(4));
        Assert.That(report.PlainOrtMeanScoreRelError, Is.Not.Null);
        // Exact kernels (VNNI, ARM) give plain ORT EdgeAE's error; saturating ones a different one. Either way it is a measurement, not a copy.
        Assert.That(report.ToJson()["x64_u8s8"]!["may_saturate"]!.AsArray(), Has.Count.EqualTo(4));

        var unsigned = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(2000, 2), new QuantizationOptions { Weights = WeightEncoding.UInt8 }).Bundle;
        var u = QuantizationValidator.Validate(model, unsigned, validation, options: options);
        Assert.That((u.Int8WeightLayers, u.U8S8MaySaturate.Count, u.PlainOrtMeanScoreRelError), Is.EqualTo((0, 0, (double?)null)));
        Assert.That(u.MeanScoreInt8, Is.EqualTo(report.MeanScoreInt8).Within(1e-6 * report.MeanScoreInt8), "uint8 weights are the same products as int8 ones");
    }

    [Test]
    public void EverySessionAsksForExactX64ProductsAndTheCacheKeyKnowsIt()
    {
        var defaults = SessionFactory.EffectiveConfigEntries(new InferenceSettings());
        Assert.That(defaults["session.x64quantprecision"], Is.EqualTo("1"));
        var overridden = SessionFactory.EffectiveConfigEntries(new InferenceSettings { ConfigEntries = new Dictionary<string, string> { ["session.x64quantprecision"] = "0" } });
        Assert.That(overridden["session.x64quantprecision"], Is.EqualTo("0"));
        Assert.That(overridden["session.intra_op.allow_spinning"], Is.EqualTo("0"), "the other defaults stay");
    }

    private static void AssertSessionMatchesUnfusedGraph(ModelProto int8Bundle, SensorTable data, double tolerance)
    {
        using var bundle = Bundle.Load(int8Bundle.ToByteArray(), null, new InferenceSettings());
        var scores = OfflineScorer.Score(bundle, data, ScorerOptions.Offline with { Detect = false }).RawScores;
        double session = scores.Average(v => (double)v);

        var manifest = bundle.Manifest;
        var (windows, _) = WindowExtractor.Extract(data, manifest);
        var shape = ManifestValidator.WindowShape(manifest.Layout, manifest.Window, manifest.ChannelCount);
        int n = windows.Length / manifest.WindowValues;
        shape[0] = n;
        SessionFactory.EnsureEnvironment();
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var unfused = new InferenceSession(int8Bundle.ToByteArray(), options);
        using var input = OrtValue.CreateTensorValueFromMemory(windows, shape);
        using var run = new RunOptions();
        using var outputs = unfused.Run(run, [manifest.InputName], [input], [manifest.OutputName]);
        var y = outputs[0].GetTensorDataAsSpan<float>();
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double e = 0;
            for (int j = 0; j < manifest.WindowValues; j++) { double d = windows[i * manifest.WindowValues + j] - y[i * manifest.WindowValues + j]; e += d * d; }
            sum += e / manifest.WindowValues;
        }
        double reference = sum / n;
        TestContext.Out.WriteLine($"EdgeAE session mean score {session:G9}, unfused QDQ graph {reference:G9} ({Math.Abs(session - reference) / reference:E2} relative)");
        Assert.That(session, Is.EqualTo(reference).Within(tolerance * reference));
    }
}
