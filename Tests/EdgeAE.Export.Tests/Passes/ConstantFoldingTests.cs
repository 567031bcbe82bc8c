using EdgeAE.Onnx;
using EdgeAE.Onnx.Passes;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Export.Tests.Passes;

public class ConstantFoldingTests
{
    private static string Constant(GraphBuilder g, TensorProto value) => g.Node("Constant", [], Attr.Tensor("value", value));

    /// <summary>torch.onnx.export without constant folding: weights behind Constant+Transpose, a batch-dependent Reshape shape.</summary>
    [Test]
    public void ConstantSubgraphsFold_InputDependentShapeStays()
    {
        var g = new GraphBuilder(opset: 13);
        string x = g.Input("x", -1, 8);
        string w = Constant(g, OnnxTensors.Float("w", OrtEval.Random(1, 32), 4, 8));
        string wt = g.Transpose(w, 1, 0);
        string b = Constant(g, OnnxTensors.Float("b", OrtEval.Random(2, 4), 4));
        string y = g.Relu(g.Add(g.Node("MatMul", [x, wt]), b));
        string batch = g.Node("Gather", [g.Node("Shape", [x]), g.Initializer(OnnxTensors.Int64("zero", [0L]))]);
        string shape = g.Node("Concat", [g.Node("Unsqueeze", [batch, g.Int64s("axes", 0)]), Constant(g, OnnxTensors.Int64("four", [4L], 1))], Attr.Int("axis", 0));
        y = g.Node("Reshape", [y, shape]);
        g.Gemm(y, OrtEval.Random(3, 32), OrtEval.Random(4, 8), 4, 8);
        g.RenameLastOutput("y");
        g.Output("y", -1, 8);
        var model = g.Build();
        var input = OrtEval.Random(5, 24);
        var before = OrtEval.Run(model, input, 3, 8);

        int folded = ConstantFolding.Apply(model);

        Assert.That(folded, Is.EqualTo(4), "three Constants and the Transpose");
        var ops = model.Graph.Node.Select(n => n.OpType).ToList();
        Assert.That(ops, Has.No.Member("Constant").And.No.Member("Transpose"));
        Assert.That(ops, Has.Member("Shape").And.Member("Gather"), "the batch-dependent shape path stays dynamic");
        OrtEval.AssertClose(before, OrtEval.Run(model, input, 3, 8));
        OrtEval.AssertClose(before[..8], OrtEval.Run(model, input[..8], 1, 8));
    }

    [Test]
    public void BnParametersFromConstantNodes_FoldAfterConstantFolding()
    {
        var g = new GraphBuilder(opset: 13);
        string x = g.Input("x", -1, 3);
        string y = g.Gemm(x, OrtEval.Random(1, 9), OrtEval.Random(2, 3), 3, 3);
        string[] p = [.. Enumerable.Range(0, 4).Select(i => Constant(g, OnnxTensors.Float($"p{i}", i == 3 ? OrtEval.Positive(10 + i, 3) : OrtEval.Random(10 + i, 3), 3)))];
        g.Node("BatchNormalization", [y, .. p]);
        g.RenameLastOutput("y");
        g.Output("y", -1, 3);
        var model = g.Build();
        var input = OrtEval.Random(5, 6);
        var before = OrtEval.Run(model, input, 2, 3);

        Assert.That(ConstantFolding.Apply(model), Is.EqualTo(4));
        Assert.That(BatchNormFolding.Apply(model), Is.EqualTo(1));

        Assert.That(model.Graph.Node.Select(n => n.OpType), Is.EqualTo(new[] { "Gemm" }));
        OrtEval.AssertClose(before, OrtEval.Run(model, input, 2, 3));
    }

    [Test]
    public void NothingConstant_ReturnsZero()
    {
        var g = new GraphBuilder();
        g.Relu(g.Input("x", -1, 3));
        g.RenameLastOutput("y");
        g.Output("y", -1, 3);
        Assert.That(ConstantFolding.Apply(g.Build()), Is.Zero);
    }
}
