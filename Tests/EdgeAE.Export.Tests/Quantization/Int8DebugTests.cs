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

[Explicit("measurement, prints ranges")]
public class Int8RangeDump
{
    [Test]
    public void Ranges()
    {
        var model = QuantTestModels.ConvBundle(QuantTestModels.Sensors(3000, 1));
        foreach (var m in new[] { CalibrationMethod.MinMax, CalibrationMethod.Entropy })
        {
            var r = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(2000, 2), new QuantizationOptions { Method = m });
            foreach (var (k, v) in r.Ranges) TestContext.Out.WriteLine($"{m} {k} [{v.Min}, {v.Max}]");
        }
    }
}
