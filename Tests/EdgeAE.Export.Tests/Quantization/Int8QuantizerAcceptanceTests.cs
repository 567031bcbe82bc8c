using EdgeAE.Export.Quantization;
using EdgeAE.Onnx;
using EdgeAE.Quantization;
using EdgeAE.Quantization.Calibration;
using Google.Protobuf;

namespace EdgeAE.Export.Tests.Quantization;

public class Int8QuantizerAcceptanceTests
{
    [Test]
    public void ConvAutoencoderRunsInInt8AndKeepsScores()
    {
        var train = QuantTestModels.Sensors(3000, 1);
        var calibration = QuantTestModels.Sensors(2000, 2);
        var validation = QuantTestModels.Sensors(3000, 3);
        var labeled = QuantTestModels.Sensors(3000, 4, anomalies: true);
        var model = QuantTestModels.ConvBundle(train);
        var result = Int8Quantizer.Quantize(model, calibration, new QuantizationOptions());
        var report = QuantizationValidator.Validate(model, result.Bundle, validation, labeled, new ValidationOptions { LatencyIterations = 100 });
        TestContext.Out.WriteLine(report.ToJson().ToJsonString());
        TestContext.Out.WriteLine(string.Join("\n", result.Notes));

        Assert.That(report.OptimizedOpsInt8Allowed.Keys, Does.Not.Contain("Conv").And.Not.Contain("ConvTranspose"));
        Assert.That(report.OptimizedOpsInt8Allowed.Keys, Does.Contain("QLinearConv"));
        Assert.That(result.Bundle.Graph.Node.Select(n => n.OpType), Does.Not.Contain("Relu"), "every ReLU folded, including those behind the decoder's phase interleaving");
        Assert.That(report.MeanScoreRelError, Is.LessThanOrEqualTo(0.01));
        Assert.That(report.Spearman, Is.GreaterThanOrEqualTo(0.98));
        // Tripwire: 0.338 measured by this test's own report (size_ratio, commit 93a4890); 0.34 is set just above it.
        // This Conv-AE has only 12.5k weights, so fixed costs show: of the 33.8 % int8 file, the int8
        // weights are 25.4 % of the float file (1.5 % of it the phase kernels' zero taps), per-channel
        // scales and biases 2.3 %, the manifest 2.0 %, Q/DQ nodes and shape tensors 2.6 %. Larger
        // models (the dense test below, ad01) land under 30 %.
        Assert.That(report.SizeRatio, Is.LessThanOrEqualTo(0.34));
    }

    [Test]
    public void DenseAutoencoderKeepsScores()
    {
        var train = QuantTestModels.Sensors(3000, 1);
        var model = QuantTestModels.DenseBundle(train);
        var result = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(2000, 2), new QuantizationOptions());
        var validation = QuantTestModels.Sensors(3000, 3);
        var labeled = QuantTestModels.Sensors(3000, 4, anomalies: true);
        var report = QuantizationValidator.Validate(model, result.Bundle, validation, labeled, new ValidationOptions { LatencyIterations = 100 });
        TestContext.Out.WriteLine(report.ToJson().ToJsonString());
        Assert.That(report.MeanScoreRelError, Is.LessThanOrEqualTo(0.01));
        Assert.That(report.Spearman, Is.GreaterThanOrEqualTo(0.98));
        // Tripwire: 0.269 measured by this test's own report (size_ratio); 0.30 is the quantizer's size goal for larger models.
        Assert.That(report.SizeRatio, Is.LessThanOrEqualTo(0.30));
        Assert.That(report.OptimizedOps.Keys, Does.Not.Contain("Gemm"));
    }
}
