using EdgeAE.Export.Import;
using EdgeAE.Export.Quantization;
using EdgeAE.Export.Tests.Import;
using EdgeAE.Quantization;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Tests.Quantization;

/// <summary>The real-model acceptance: MLPerf Tiny ad01 imported, calibrated and validated on the shared clip.</summary>
[Category("Acceptance")]
public class Ad01QuantizeAcceptanceTests
{
    [Test]
    public void Ad01Int8StaysWithinOnePercentOfFloat()
    {
        string h5 = SharedData.Ad01("ad01.h5");
        string csv = SharedData.Ad01("clip_normal_id_01_00000000.csv");
        var converted = ModelConverter.Convert(new ConvertRequest { ModelPath = h5, Window = 5, Channels = 128, Layout = TensorLayout.Flat });
        var clip = SensorDataReader.Read(csv);

        var result = Int8Quantizer.Quantize(converted.Model, converted.Manifest, clip, new QuantizationOptions());
        Onnx.OnnxModelIO.StampManifest(converted.Model, converted.Manifest);
        var report = QuantizationValidator.Validate(converted.Model, result.Bundle, clip, options: new ValidationOptions { LatencyIterations = 200 });
        TestContext.Out.WriteLine(report.ToJson().ToJsonString());

        Assert.That(report.MeanScoreFp32, Is.EqualTo(9.491290419806504).Within(0.001), "float reference (the published Keras score, see Ad01AcceptanceTests)");
        Assert.That(report.MeanScoreRelError, Is.LessThanOrEqualTo(0.01));
        Assert.That(report.Spearman, Is.GreaterThanOrEqualTo(0.98));
        // Tripwire: measured 0.27 of the float file (README's "27 % of the size", `edgeae quantize ad01 ... --json`
        // size_ratio); 0.30 leaves room for manifest growth, not for a regression in weight packing.
        Assert.That(report.SizeRatio, Is.LessThanOrEqualTo(0.30));
        Assert.That(report.OptimizedOps.Keys, Does.Not.Contain("Gemm").And.Not.Contain("MatMul"));
    }
}
