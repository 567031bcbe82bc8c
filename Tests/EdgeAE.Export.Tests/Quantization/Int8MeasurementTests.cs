using EdgeAE.Export.Quantization;
using EdgeAE.Export.Quantization.Calibration;

namespace EdgeAE.Export.Tests.Quantization;

/// <summary>Measurements behind the quantizer's defaults (run by hand: they print tables, they assert nothing).</summary>
[Explicit("measurement, prints a table")]
public class Int8MeasurementTests
{
    [Test]
    public void CompareSettings()
    {
        var train = QuantTestModels.Sensors(3000, 1);
        var calibration = QuantTestModels.Sensors(2000, 2);
        var validation = QuantTestModels.Sensors(3000, 3);
        var labeled = QuantTestModels.Sensors(3000, 4, anomalies: true);
        var configs = new (string Name, QuantizationOptions Options)[]
        {
            ("minmax", new()),
            ("minmax-ma", new() { MovingAverage = true }),
            ("percentile99.99", new() { Method = CalibrationMethod.Percentile }),
            ("percentile99.9", new() { Method = CalibrationMethod.Percentile, Percentile = 99.9 }),
            ("entropy", new() { Method = CalibrationMethod.Entropy }),
            ("int8-act", new() { Activations = ActivationType.Int8 }),
            ("per-tensor", new() { PerChannel = false }),
            ("out-quantize", new() { OutputLayer = OutputLayerPolicy.Quantize }),
            ("out-float", new() { OutputLayer = OutputLayerPolicy.Float }),
        };
        foreach (var (modelName, model) in new[] { ("conv", QuantTestModels.ConvBundle(train)), ("dense", QuantTestModels.DenseBundle(train)) })
            foreach (var (name, options) in configs)
            {
                var result = Int8Quantizer.Quantize(model, calibration, options);
                var r = QuantizationValidator.Validate(model, result.Bundle, validation, labeled, new ValidationOptions { LatencyIterations = 200 });
                TestContext.Out.WriteLine($"{modelName,-6} {name,-16} size {r.SizeRatio:F3} rel {r.MeanScoreRelError:F5} med {r.WindowRelErrorMedian:F5} p99 {r.WindowRelErrorP99:F5} rho {r.Spearman:F5} auroc {r.AurocFp32:F4}->{r.AurocInt8:F4} lat {r.LatencyUsFp32:F1}->{r.LatencyUsInt8:F1} ops {string.Join(",", r.OptimizedOpsInt8Allowed.Select(kv => kv.Key + kv.Value))}");
            }
    }
}

[Explicit("measurement on ad01, prints a table")]
public class Ad01MeasurementTests
{
    [Test]
    public void CompareSettings()
    {
        var converted = EdgeAE.Export.Import.ModelConverter.Convert(new EdgeAE.Export.Import.ConvertRequest
        {
            ModelPath = EdgeAE.Export.Tests.Import.SharedData.Ad01("ad01.h5"), Window = 5, Channels = 128, Layout = Runtime.Bundles.TensorLayout.Flat,
        });
        Onnx.OnnxModelIO.StampManifest(converted.Model, converted.Manifest);
        var clip = Runtime.Data.SensorDataReader.Read(EdgeAE.Export.Tests.Import.SharedData.Ad01("clip_normal_id_01_00000000.csv"));
        var configs = new (string Name, QuantizationOptions Options)[]
        {
            ("minmax", new()),
            ("minmax-ma", new() { MovingAverage = true }),
            ("percentile99.99", new() { Method = CalibrationMethod.Percentile }),
            ("entropy", new() { Method = CalibrationMethod.Entropy }),
            ("per-tensor", new() { PerChannel = false }),
            ("out-quantize", new() { OutputLayer = OutputLayerPolicy.Quantize }),
            ("out-float", new() { OutputLayer = OutputLayerPolicy.Float }),
            ("headroom1.5", new() { Headroom = 1.5 }),
        };
        foreach (var (name, options) in configs)
        {
            var result = Int8Quantizer.Quantize(converted.Model, clip, options);
            var r = QuantizationValidator.Validate(converted.Model, result.Bundle, clip, options: new ValidationOptions { LatencyIterations = 300 });
            TestContext.Out.WriteLine($"ad01 {name,-16} size {r.SizeRatio:F3} rel {r.MeanScoreRelError:F5} med {r.WindowRelErrorMedian:F5} p99 {r.WindowRelErrorP99:F5} rho {r.Spearman:F5} lat {r.LatencyUsFp32:F1}->{r.LatencyUsInt8:F1} ops {string.Join(",", r.OptimizedOps.Select(kv => kv.Key + kv.Value))}");
        }
    }
}
