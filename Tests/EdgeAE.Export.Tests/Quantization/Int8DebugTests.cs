using EdgeAE.Export.Quantization;

namespace EdgeAE.Export.Tests.Quantization;

[Explicit("diagnostic dump")]
public class Int8DebugTests
{
    [Test]
    public void Dump()
    {
        var model = QuantTestModels.ConvBundle(QuantTestModels.Sensors(3000, 1));
        var result = Int8Quantizer.Quantize(model, QuantTestModels.Sensors(2000, 2), new QuantizationOptions());
        foreach (var t in result.Bundle.Graph.Initializer)
            TestContext.Out.WriteLine($"{t.Name} {(Onnx.Proto.TensorProto.Types.DataType)t.DataType} [{string.Join(",", t.Dims)}] {t.CalculateSize()}");
        foreach (var n in result.Bundle.Graph.Node)
            TestContext.Out.WriteLine($"{n.OpType} {n.Name} ({string.Join(",", n.Input)}) -> {string.Join(",", n.Output)}");
        TestContext.Out.WriteLine($"manifest {result.Bundle.MetadataProps[0].Value.Length} float manifest {model.MetadataProps[0].Value.Length}");
        TestContext.Out.WriteLine($"inits {result.Bundle.Graph.Initializer.Sum(t => t.CalculateSize())} nodes {result.Bundle.Graph.Node.Sum(n => n.CalculateSize())} total {result.Bundle.CalculateSize()}");
        TestContext.Out.WriteLine(result.Bundle.MetadataProps[0].Value);
        foreach (var (k, v) in result.Ranges) TestContext.Out.WriteLine($"{k} [{v.Min}, {v.Max}]");
    }
}
