using EdgeAE.Export.Quantization;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.Quantization;

public class QdqGraphTests
{
    /// <summary>Flat 640-value windows through a Keras-layout Gemm (W [in,out]) then MatMul + Add, so weights are per column (axis 1).</summary>
    private static ModelProto KerasStyle()
    {
        var rng = new Random(5);
        float[] R(int n, double a) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * a)).ToArray();
        var b = new GraphBuilder("keras", 17);
        string x = b.Input("input", -1, 640);
        x = b.Relu(b.MatMulAdd(x, R(640 * 24, 0.1), R(24, 0.1), 640, 24));
        string w = b.Weight("W", R(24 * 640, 0.3), 24, 640);
        x = b.Node("MatMul", [x, w]);
        b.Add(x, b.Weight("B", R(640, 0.1), 640));
        b.RenameLastOutput("output");
        b.Output("output", -1, 640);
        var model = b.Build();
        OnnxModelIO.StampManifest(model, QuantTestModels.Manifest(TensorLayout.Flat, 80, QuantTestModels.Sensors(500, 1)));
        return model;
    }

    [Test]
    public void KerasLayoutWeightsArePerColumnAndOutputsStayClose()
    {
        var model = KerasStyle();
        var result = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1500, 2), new QuantizationOptions { CompactNames = false });
        var dq = result.Bundle.Graph.Node.Where(n => n.OpType == "DequantizeLinear" && Attr.Find(n, "axis") is not null).ToList();
        Assert.That(dq.Select(n => Attr.GetInt(n, "axis", -1)), Has.All.EqualTo(1).Or.EqualTo(0));
        var weightDq = dq.Where(n => IsWeight(result.Bundle.Graph.Initializer.Single(t => t.Name == n.Input[0]))).ToList();
        Assert.That(weightDq, Has.Count.EqualTo(2));
        Assert.That(weightDq.Select(n => Attr.GetInt(n, "axis", -1)), Has.All.EqualTo(1), "W [in,out]: output channels on axis 1");
        Assert.That(result.Bundle.Graph.Node.Select(n => n.OpType), Does.Not.Contain("Relu"), "Relu folded into the range");

        var report = QuantizationValidator.Validate(model, result.Bundle, QuantTestModels.Sensors(1500, 3), options: new ValidationOptions { LatencyIterations = 0, InspectOptimizedGraph = false });
        Assert.That(report.MeanScoreRelError, Is.LessThan(0.01));
        Assert.That(report.Spearman, Is.GreaterThan(0.98));
    }

    [Test]
    public void PerTensorWeightsHaveOneScale()
    {
        var model = QuantTestModels.ConvBundle(QuantTestModels.Sensors(1000, 1));
        var result = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new QuantizationOptions { PerChannel = false });
        var g = result.Bundle.Graph;
        var inits = g.Initializer.ToDictionary(t => t.Name);
        var weightScales = g.Node.Where(n => n.OpType == "DequantizeLinear" && inits.TryGetValue(n.Input[0], out var t) && IsWeight(t))
            .Select(n => inits[n.Input[1]]).ToList();
        Assert.That(weightScales, Has.Count.EqualTo(5));
        Assert.That(weightScales.Select(t => t.Dims.Count), Has.All.EqualTo(0));
        Assert.That(result.Manifest.Provenance.Quantization!.PerChannel, Is.False);
    }

    [Test]
    public void ExcludedOpTypeStaysFloat()
    {
        var model = QuantTestModels.ConvBundle(QuantTestModels.Sensors(1000, 1));
        var result = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new QuantizationOptions { Exclude = ["ConvTranspose"] });
        Assert.That(result.Bundle.Graph.Node.Count(n => n.OpType == "ConvTranspose"), Is.EqualTo(3));
        Assert.That(result.Manifest.Provenance.Quantization!.Excluded, Is.EqualTo(new[] { "ConvTranspose" }));
        Assert.That(result.Bundle.Graph.Initializer.Count(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count == 3), Is.EqualTo(3), "their weights stay float");
    }

    /// <summary>Trainer graphs name nodes after their op ("ConvTranspose", "ConvTranspose_1"...): node: and op: say which is meant.</summary>
    [Test]
    public void ExclusionPrefixesTellANodeFromAnOpType()
    {
        var model = QuantTestModels.ConvBundle(QuantTestModels.Sensors(1000, 1));
        var first = model.Graph.Node.First(n => n.OpType == "ConvTranspose");
        first.Name = "ConvTranspose";
        int Kept(params string[] exclude) => Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new QuantizationOptions { Exclude = exclude })
            .Bundle.Graph.Node.Count(n => n.OpType == "ConvTranspose");
        Assert.That(Kept("node:ConvTranspose"), Is.EqualTo(1), "only the node of that name");
        Assert.That(Kept("op:ConvTranspose"), Is.EqualTo(3));
        Assert.That(Kept("ConvTranspose"), Is.EqualTo(3), "a bare word matches both");
        Assert.That(Kept("node:NoSuchNode"), Is.EqualTo(0));
    }

    [Test]
    public void FloatOutputLayerKeepsTheLastConvFloat()
    {
        var model = QuantTestModels.ConvBundle(QuantTestModels.Sensors(1000, 1));
        var result = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new QuantizationOptions { OutputLayer = OutputLayerPolicy.Float });
        var g = result.Bundle.Graph;
        var producer = g.Node.Single(n => n.Output.Contains("output"));
        Assert.That(producer.OpType, Is.EqualTo("Conv"));
        Assert.That(g.Initializer.Single(t => t.Name == producer.Input[1]).DataType, Is.EqualTo((int)TensorProto.Types.DataType.Float));
    }

    [Test]
    public void QuantizedBundlesAreNotQuantizedTwice()
    {
        var model = QuantTestModels.DenseBundle(QuantTestModels.Sensors(1000, 1));
        var once = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new QuantizationOptions());
        var e = Assert.Throws<InputException>(() => Int8Quantizer.Quantize(once.Bundle, QuantTestModels.Sensors(1000, 2), new QuantizationOptions()));
        Assert.That(e!.Message, Does.Contain("already quantized"));
    }

    [Test]
    public void Opset11ModelsAreLiftedTo13ForPerAxisQdq()
    {
        var model = QuantTestModels.DenseBundle(QuantTestModels.Sensors(1000, 1));
        model.OpsetImport[0].Version = 11;
        OnnxModelIO.StampManifest(model, OnnxModelIO.ReadManifest(model)!);
        var result = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new QuantizationOptions());
        Assert.That(OnnxModelIO.OpsetOf(result.Bundle), Is.EqualTo(13));
    }

    [Test]
    public void SigmoidOutputStaysFloat()
    {
        var rng = new Random(3);
        float[] R(int n, double a) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * a)).ToArray();
        var b = new GraphBuilder("sigmoid", 17);
        string x = b.Relu(b.Gemm(b.Input("input", -1, 640), R(32 * 640, 0.1), R(32, 0.1), 640, 32));
        b.Sigmoid(b.Gemm(x, R(640 * 32, 0.3), R(640, 0.1), 32, 640));
        b.RenameLastOutput("output");
        b.Output("output", -1, 640);
        var model = b.Build();
        OnnxModelIO.StampManifest(model, QuantTestModels.Manifest(TensorLayout.Flat, 80, QuantTestModels.Sensors(500, 1)));
        foreach (var policy in new[] { OutputLayerPolicy.Auto, OutputLayerPolicy.Quantize })
        {
            var g = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new QuantizationOptions { OutputLayer = policy }).Bundle.Graph;
            var sigmoid = g.Node.Single(n => n.OpType == "Sigmoid");
            Assert.That(sigmoid.Output[0], Is.EqualTo("output"), $"{policy}: nothing quantizes after the Sigmoid (256 output levels would show in the score)");
        }
    }

    /// <summary>
    /// The compact Conv encoding (float bias turned int32 by ORT at load, no stored zero points for
    /// symmetric weights, no default attributes) must run the same integer kernels with the same
    /// scores as the explicit QDQ form, and be smaller.
    /// </summary>
    [TestCase(WeightEncoding.Int8)]
    [TestCase(WeightEncoding.UInt8)]
    public void CompactConvEncodingRunsTheSameIntegerKernels(WeightEncoding weights)
    {
        var model = QuantTestModels.ConvBundle(QuantTestModels.Sensors(1000, 1));
        var calibration = QuantTestModels.Sensors(1000, 2);
        var compact = Int8Quantizer.Quantize(model, calibration, new QuantizationOptions { Weights = weights }).Bundle;
        var explicitForm = Int8Quantizer.Quantize(model, calibration, new QuantizationOptions { Weights = weights, Int32Biases = true }).Bundle;

        var g = compact.Graph;
        var inits = g.Initializer.ToDictionary(t => t.Name);
        var convs = g.Node.Where(n => n.OpType == "Conv").ToList();
        Assert.That(convs, Has.Count.EqualTo(5));
        foreach (var conv in convs)
        {
            var weightDq = g.Node.Single(n => n.Output.Contains(conv.Input[1]));
            if (weights == WeightEncoding.Int8)
                Assert.That(weightDq.Input, Has.Count.EqualTo(2), "symmetric int8 weights: zero point left to its default");
            else
                Assert.That(OnnxTensors.ToInt64s(inits[weightDq.Input[2]]), Has.All.EqualTo(128), "uint8 weights: zero point 128");
            Assert.That(inits[conv.Input[2]].DataType, Is.EqualTo((int)TensorProto.Types.DataType.Float), "bias left for ORT's BiasQuantization");
            Assert.That(conv.Attribute.Select(a => a.Name), Does.Not.Contain("kernel_shape"));
            foreach (var attr in conv.Attribute.Where(t => t.Name is "strides" or "dilations" or "pads"))
                Assert.That(attr.Ints, Has.Some.Not.EqualTo(attr.Name == "pads" ? 0 : 1), $"{attr.Name} only where it differs from the default");
        }
        Assert.That(explicitForm.Graph.Initializer.Count(t => t.DataType == (int)TensorProto.Types.DataType.Int32), Is.EqualTo(5));
        Assert.That(compact.CalculateSize(), Is.LessThan(explicitForm.CalculateSize() - 500));
        if (weights == WeightEncoding.UInt8)
            Assert.That(convs.Select(c => g.Node.Single(n => n.Output.Contains(c.Input[1])).Input[2]).Distinct().Count(),
                Is.EqualTo(convs.Select(c => inits[g.Node.Single(n => n.Output.Contains(c.Input[1])).Input[0]].Dims[0]).Distinct().Count()),
                "one shared zero-point tensor per channel count");

        var validation = QuantTestModels.Sensors(1500, 3);
        var options = new ValidationOptions { LatencyIterations = 0 };
        var a = QuantizationValidator.Validate(model, compact, validation, options: options);
        var b = QuantizationValidator.Validate(model, explicitForm, validation, options: options);
        Assert.That(a.OptimizedOpsInt8Allowed.GetValueOrDefault("QLinearConv"), Is.EqualTo(5));
        Assert.That(a.OptimizedOpsInt8Allowed.Keys, Does.Not.Contain("Conv"));
        Assert.That(a.OptimizedOps.GetValueOrDefault("QLinearConv"), Is.EqualTo(5));
        Assert.That(a.MeanScoreInt8, Is.EqualTo(b.MeanScoreInt8).Within(1e-9 * Math.Abs(b.MeanScoreInt8)));
    }

    /// <summary>The calibration data itself hardly clips (min-max ranges); the same data at 3× its size does, and the report says where.</summary>
    [Test]
    public void ClippingIsZeroOnCalibrationDataAndShowsOnLargerData()
    {
        var model = QuantTestModels.ConvBundle(QuantTestModels.Sensors(1000, 1));
        var calibration = QuantTestModels.Sensors(1000, 2);
        var int8 = Int8Quantizer.Quantize(model, calibration, new QuantizationOptions { Headroom = 1 }).Bundle;
        var options = new ValidationOptions { LatencyIterations = 0, InspectOptimizedGraph = false };
        var same = QuantizationValidator.Validate(model, int8, calibration, options: options);
        Assert.That(same.Clipping, Is.Not.Empty);
        Assert.That(same.Clipping.Single(c => c.Tensor == "input").Fraction, Is.EqualTo(0), "min-max covers its own data");
        // Hidden layers see values computed from already-quantized inputs, which can overshoot by a step now and then.
        Assert.That(same.ClippedFractionMax, Is.LessThan(1e-3), string.Join("; ", same.Clipping));

        var manifest = OnnxModelIO.ReadManifest(model)!;
        var louder = new Runtime.Data.SensorTable(calibration.Channels,
            calibration.Values.Select((v, i) => manifest.Normalization.Offset[i % calibration.ChannelCount] + 3 * (v - manifest.Normalization.Offset[i % calibration.ChannelCount])).ToArray());
        var report = QuantizationValidator.Validate(model, int8, louder, options: options);
        Assert.That(report.ClippedFractionMax, Is.GreaterThan(0.01));
        Assert.That(report.Clipping.Single(c => c.Tensor == "input").Fraction, Is.GreaterThan(0));
        var json = report.ToJson();
        Assert.That(json["clipped_fraction_max"]!.GetValue<double>(), Is.EqualTo(report.ClippedFractionMax).Within(1e-9));
        Assert.That(json["clipped_tensors"]!.AsArray(), Has.Count.InRange(1, 3));
    }

    [Test]
    public void ManifestRecordsHeadroomAndActivationType()
    {
        var model = QuantTestModels.ConvBundle(QuantTestModels.Sensors(1000, 1));
        var result = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new QuantizationOptions { Headroom = 1.5, Activations = ActivationType.Int8 });
        var written = OnnxModelIO.ReadManifest(result.Bundle)!.Provenance.Quantization!;
        Assert.That(written.Headroom, Is.EqualTo(1.5));
        Assert.That(written.Activations, Is.EqualTo("int8"));
        Assert.That(written.Weights, Is.EqualTo("int8"));
        var unsigned = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new QuantizationOptions { Weights = WeightEncoding.UInt8 });
        Assert.That(OnnxModelIO.ReadManifest(unsigned.Bundle)!.Provenance.Quantization!.Weights, Is.EqualTo("uint8"));
        var e = Assert.Throws<InvalidParameterException>(() => Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2),
            new QuantizationOptions { Activations = ActivationType.Int8, Weights = WeightEncoding.UInt8 }));
        Assert.That(e!.Parameter, Is.EqualTo(nameof(QuantizationOptions.Weights)));
        Assert.That(OnnxModelIO.ReadManifest(result.Bundle)!.Provenance.Precision, Is.EqualTo(Precision.Int8));
    }

    private static bool IsWeight(TensorProto t) => t.DataType is (int)TensorProto.Types.DataType.Int8 or (int)TensorProto.Types.DataType.Uint8;
}
