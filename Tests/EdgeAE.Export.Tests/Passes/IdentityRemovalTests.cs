using EdgeAE.Onnx;
using EdgeAE.Onnx.Passes;

namespace EdgeAE.Export.Tests.Passes;

public class IdentityRemovalTests
{
    [Test]
    public void IdentityAndDropout_AreRemoved_OutputNameKept()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 4);
        string y = g.Node("Identity", [x]);
        y = g.Gemm(y, OrtEval.Random(1, 16), OrtEval.Random(2, 4), 4, 4);
        y = g.NodeMulti("Dropout", [y, g.Weight("ratio", [0.5f])], 2)[0];
        y = g.Relu(y);
        g.Node("Identity", [y]);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        var model = g.Build();
        var input = OrtEval.Random(3, 8);
        var before = OrtEval.Run(model, input, 2, 4);

        Assert.That(IdentityRemoval.Apply(model), Is.EqualTo(3));

        Assert.That(model.Graph.Node.Select(n => n.OpType), Is.EqualTo(new[] { "Gemm", "Relu" }));
        Assert.That(model.Graph.Node[^1].Output[0], Is.EqualTo("output"));
        Assert.That(model.Graph.Initializer.Select(i => i.Name), Has.No.Member("ratio"));
        OrtEval.AssertClose(before, OrtEval.Run(model, input, 2, 4));
    }

    [Test]
    public void IdentityFromInputToOutput_Stays()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 4);
        g.Node("Identity", [x]);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        var model = g.Build();
        Assert.That(IdentityRemoval.Apply(model), Is.Zero);
        Assert.That(model.Graph.Node, Has.Count.EqualTo(1));
    }

    [Test]
    public void DropoutInTrainingMode_Stays()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 4);
        string y = g.Relu(x);
        g.Node("Dropout", [y, g.Weight("ratio", [0.5f]), g.Initializer(TrueScalar("mode"))]);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        var model = g.Build();
        Assert.That(IdentityRemoval.Apply(model), Is.Zero);
    }

    private static Onnx.Proto.TensorProto TrueScalar(string name) => new()
    {
        Name = name,
        DataType = (int)Onnx.Proto.TensorProto.Types.DataType.Bool,
        RawData = Google.Protobuf.ByteString.CopyFrom([1]),
    };
}
