using EdgeAE.Onnx;
using EdgeAE.Onnx.Passes;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Tests.Passes;

public class ReconstructionShapeCheckTests
{
    [Test]
    public void MatchingShapes_ReturnWindowShape()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 6);
        g.Sigmoid(g.Gemm(x, OrtEval.Random(1, 36), OrtEval.Random(2, 6), 6, 6));
        g.RenameLastOutput("output");
        g.Output("output", -1, 6);
        Assert.That(ReconstructionShapeCheck.Verify(g.Build()), Is.EqualTo(new long[] { 6 }));
    }

    [Test]
    public void DeclaredOutputDiffers_Throws()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 6);
        g.Gemm(x, OrtEval.Random(1, 24), OrtEval.Random(2, 4), 6, 4);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        var e = Assert.Throws<InputException>(() => ReconstructionShapeCheck.Verify(g.Build()));
        Assert.That(e!.Message, Does.Contain("[N,4]").And.Contain("[N,6]"));
    }

    [Test]
    public void UndeclaredOutputDiffers_IsCaughtByRunning()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 6);
        g.Gemm(x, OrtEval.Random(1, 24), OrtEval.Random(2, 4), 6, 4);
        g.RenameLastOutput("output");
        g.Graph.Output.Add(new Onnx.Proto.ValueInfoProto { Name = "output" });
        var e = Assert.Throws<InputException>(() => ReconstructionShapeCheck.Verify(g.Build()));
        Assert.That(e!.Message, Does.Contain("[2,4]"));
    }

    [Test]
    public void BakedInBatch_IsCaughtByRunning()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 6);
        g.Reshape(g.Relu(x), 1, 6);
        g.RenameLastOutput("output");
        g.Output("output", -1, 6);
        Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => ReconstructionShapeCheck.Verify(g.Build()));
    }
}
