using EdgeAE.Onnx;
using EdgeAE.Onnx.Passes;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Export.Tests.Passes;

public class BatchDimensionTests
{
    /// <summary>What torch.onnx.export without dynamic_axes produces: batch 1 baked into shapes and Reshape constants.</summary>
    private static ModelProto FixedBatchModel()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", 1, 8);
        string y = g.Reshape(x, 1, 2, 4);
        y = g.Conv(y, OrtEval.Random(1, 2 * 2 * 1), OrtEval.Random(2, 2), [2, 2, 1], [1], [0, 0]);
        y = g.Reshape(y, 1, -1);
        g.Sigmoid(y);
        g.RenameLastOutput("output");
        g.Output("output", 1, 8);
        g.Graph.ValueInfo.Add(GraphBuilder.ValueInfo("Reshape_out", [1, 2, 4]));
        return g.Build();
    }

    [Test]
    public void FixedBatch_BecomesDynamic_AndRunsWithBatchThree()
    {
        var model = FixedBatchModel();
        var one = OrtEval.Random(3, 8);
        var before = OrtEval.Run(model, one, 1, 8);

        Assert.That(BatchDimension.EnsureDynamic(model), Is.EqualTo(1));

        Assert.That(model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam, Is.EqualTo("N"));
        Assert.That(model.Graph.Output[0].Type.TensorType.Shape.Dim[0].DimParam, Is.EqualTo("N"));
        var three = one.Concat(OrtEval.Random(4, 8)).Concat(one).ToArray();
        var (after, shape) = OrtEval.RunWithShape(model, three, 3, 8);
        Assert.That(shape, Is.EqualTo(new long[] { 3, 8 }));
        OrtEval.AssertClose(before, after[..8]);
        OrtEval.AssertClose(before, after[16..]);
    }

    [Test]
    public void ViewOneMinusOne_KeepsItsInferredAxis_AndTakesTheBatchFromItsInput()
    {
        // x.view(1, -1) exported with batch 1: the −1 is already used, so the batch becomes 0 (copy).
        var g = new GraphBuilder();
        string x = g.Input("input", 1, 2, 3);
        g.Reshape(g.Relu(x), 1, -1);
        g.RenameLastOutput("output");
        g.Output("output", 1, 6);
        var model = g.Build();

        BatchDimension.EnsureDynamic(model);

        var reshape = model.Graph.Node.Single(n => n.OpType == "Reshape");
        var shape = OnnxTensors.ToInt64s(model.Graph.Initializer.Single(i => i.Name == reshape.Input[1]));
        Assert.That(shape, Is.EqualTo(new long[] { 0, -1 }));
        var (_, outShape) = OrtEval.RunWithShape(model, OrtEval.Random(1, 24), 4, 2, 3);
        Assert.That(outShape, Is.EqualTo(new long[] { 4, 6 }));
    }

    [Test]
    public void AlreadyDynamic_ReturnsZero()
    {
        var g = new GraphBuilder();
        g.Relu(g.Input("input", -1, 3));
        g.RenameLastOutput("output");
        g.Output("output", -1, 3);
        Assert.That(BatchDimension.EnsureDynamic(g.Build()), Is.Zero);
    }
}
