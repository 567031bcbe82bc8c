using EdgeAE.Onnx;
using EdgeAE.Onnx.Passes;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Export.Tests.Passes;

public class BatchNormFoldingTests
{
    private static string Bn(GraphBuilder g, string x, int c, int seed, float eps = 1e-3f) =>
        g.BatchNorm(x, OrtEval.Random(seed, c), OrtEval.Random(seed + 1, c), OrtEval.Random(seed + 2, c), OrtEval.Positive(seed + 3, c), eps);

    /// <summary>Folds, checks no BatchNormalization is left and that ORT computes the same numbers.</summary>
    private static void AssertFoldKeepsOutputs(ModelProto model, long[] inputShape, int expectedFolds, string? expectOp = null)
    {
        int n = (int)inputShape.Aggregate(1L, (a, b) => a * b);
        var x = OrtEval.Random(99, n, 2f);
        var before = OrtEval.Run(model, x, inputShape);
        int folded = BatchNormFolding.Apply(model);
        Assert.That(folded, Is.EqualTo(expectedFolds));
        Assert.That(model.Graph.Node.Select(nd => nd.OpType), Has.No.Member("BatchNormalization"));
        if (expectOp is not null) Assert.That(model.Graph.Node.Select(nd => nd.OpType), Has.Member(expectOp));
        OrtEval.AssertClose(before, OrtEval.Run(model, x, inputShape));
    }

    [Test]
    public void Conv2dWithBias_FoldsIntoWeights()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 3, 6, 5);
        string y = g.Conv(x, OrtEval.Random(1, 4 * 3 * 3 * 3), OrtEval.Random(2, 4), [4, 3, 3, 3], [1, 1], [1, 1, 1, 1]);
        y = g.Relu(Bn(g, y, 4, 10));
        g.RenameLastOutput("output");
        g.Output("output", -1, 4, 6, 5);
        var model = g.Build();
        AssertFoldKeepsOutputs(model, [2, 3, 6, 5], 1);
        Assert.That(model.Graph.Node.Select(n => n.OpType), Is.EqualTo(new[] { "Conv", "Relu" }));
        Assert.That(model.Graph.Initializer.Select(i => i.Name).Where(n => n.StartsWith("bn_")), Is.Empty, "BN parameters pruned");
    }

    [Test]
    public void Conv1dWithoutBias_GetsABias()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 2, 9);
        string y = g.Conv(x, OrtEval.Random(3, 5 * 2 * 3), null, [5, 2, 3], [2], [0, 0]);
        Bn(g, y, 5, 20);
        g.RenameLastOutput("output");
        g.Output("output", -1, 5, 4);
        var model = g.Build();
        AssertFoldKeepsOutputs(model, [3, 2, 9], 1);
        Assert.That(model.Graph.Node.Single().Input, Has.Count.EqualTo(3));
    }

    [Test]
    public void ConvTranspose_ScalesAxisOne()
    {
        // Weight [Cin=3, Cout=4, k]: scaling along axis 0 instead would not even have the right length.
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 3, 5);
        string y = g.ConvTranspose(x, OrtEval.Random(4, 3 * 4 * 3), OrtEval.Random(5, 4), [3, 4, 3], [2], [1, 1], [1]);
        Bn(g, y, 4, 30);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4, 10);
        var model = g.Build();
        AssertFoldKeepsOutputs(model, [2, 3, 5], 1);
        Assert.That(model.Graph.Node.Single().OpType, Is.EqualTo("ConvTranspose"));
    }

    [Test]
    public void GroupedConvTranspose_MapsGroupsToOutputChannels()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 4, 5);
        // group 2: weight [Cin=4, Cout/g=3, k=2], output channels 6.
        string w = g.Weight("W", OrtEval.Random(6, 4 * 3 * 2), 4, 3, 2);
        string y = g.Node("ConvTranspose", [x, w], Attr.Int("group", 2), Attr.Ints("kernel_shape", 2), Attr.Ints("strides", 1));
        Bn(g, y, 6, 40);
        g.RenameLastOutput("output");
        g.Output("output", -1, 6, 6);
        var model = g.Build();
        AssertFoldKeepsOutputs(model, [2, 4, 5], 1);
        Assert.That(model.Graph.Node.Single().OpType, Is.EqualTo("ConvTranspose"));
    }

    [Test]
    public void GemmTransB_AsTorchLinearExports()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 6);
        string y = g.Gemm(x, OrtEval.Random(7, 4 * 6), OrtEval.Random(8, 4), 6, 4);
        Bn(g, y, 4, 50);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        var model = g.Build();
        AssertFoldKeepsOutputs(model, [3, 6], 1);
        Assert.That(model.Graph.Node.Single().OpType, Is.EqualTo("Gemm"));
    }

    [Test]
    public void GemmWithAlphaBetaAndNoTranspose()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 6);
        string w = g.Weight("W", OrtEval.Random(9, 6 * 4), 6, 4);
        string c = g.Weight("C", OrtEval.Random(10, 4), 1, 4);
        string y = g.Node("Gemm", [x, w, c], Attr.Float("alpha", 0.5f), Attr.Float("beta", 2f));
        Bn(g, y, 4, 60);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        AssertFoldKeepsOutputs(g.Build(), [3, 6], 1);
    }

    [Test]
    public void MatMulBecomesGemm()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 6);
        string y = g.Node("MatMul", [x, g.Weight("W", OrtEval.Random(11, 24), 6, 4)]);
        Bn(g, y, 4, 70);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        AssertFoldKeepsOutputs(g.Build(), [3, 6], 1, "Gemm");
    }

    [Test]
    public void MatMulAdd_AsTf2OnnxDenseExports()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 6);
        string y = g.Node("MatMul", [x, g.Weight("W", OrtEval.Random(12, 24), 6, 4)]);
        y = g.Add(y, g.Weight("B", OrtEval.Random(13, 4), 4));
        Bn(g, y, 4, 80);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        var model = g.Build();
        AssertFoldKeepsOutputs(model, [3, 6], 1);
        Assert.That(model.Graph.Node.Select(n => n.OpType), Is.EqualTo(new[] { "MatMul", "Add" }));
    }

    [Test]
    public void StandaloneBn_BecomesMulAdd()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 3, 4, 2);
        string y = g.Relu(x);
        Bn(g, y, 3, 90);
        g.RenameLastOutput("output");
        g.Output("output", -1, 3, 4, 2);
        var model = g.Build();
        AssertFoldKeepsOutputs(model, [2, 3, 4, 2], 1);
        Assert.That(model.Graph.Node.Select(n => n.OpType), Is.EqualTo(new[] { "Relu", "Mul", "Add" }));
    }

    [Test]
    public void ProducerWithTwoReaders_IsNotFoldedIntoButStillLosesTheBn()
    {
        // The Conv output also feeds a second branch; scaling the Conv would change that branch.
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 2, 5);
        string y = g.Conv(x, OrtEval.Random(14, 2 * 2 * 1), null, [2, 2, 1], [1], [0, 0]);
        string bn = Bn(g, y, 2, 100);
        g.Add(bn, y);
        g.RenameLastOutput("output");
        g.Output("output", -1, 2, 5);
        var model = g.Build();
        AssertFoldKeepsOutputs(model, [2, 2, 5], 1, "Mul");
        Assert.That(model.Graph.Initializer.Count(i => i.Name.EndsWith("_bnfold")), Is.Zero);
    }

    [Test]
    public void TwoStackedBns_FoldOneAfterTheOther()
    {
        var g = new GraphBuilder();
        string x = g.Input("input", -1, 6);
        string y = g.Gemm(x, OrtEval.Random(15, 24), OrtEval.Random(16, 4), 6, 4);
        Bn(g, Bn(g, y, 4, 110), 4, 120);
        g.RenameLastOutput("output");
        g.Output("output", -1, 4);
        var model = g.Build();
        AssertFoldKeepsOutputs(model, [3, 6], 2);
        Assert.That(model.Graph.Node, Has.Count.EqualTo(1));
    }
}
