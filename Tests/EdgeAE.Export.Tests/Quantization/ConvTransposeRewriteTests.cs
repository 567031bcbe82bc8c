using EdgeAE.Onnx;
using EdgeAE.Onnx.Passes;
using EdgeAE.Quantization;

namespace EdgeAE.Export.Tests.Quantization;

public class ConvTransposeRewriteTests
{
    // stride, kernel, pad begin, pad end, output_padding, bias
    private static readonly object[] OneD =
    [
        new object[] { 2, 7, 3, 3, 1, true },   // the SKAB Conv-AE decoder layer
        new object[] { 1, 7, 3, 3, 0, true },   // its last layer
        new object[] { 2, 4, 1, 1, 0, false },
        new object[] { 3, 5, 2, 1, 2, true },
        new object[] { 3, 2, 0, 0, 0, true },   // kernel shorter than stride
        new object[] { 2, 3, 0, 0, 1, false },
        new object[] { 1, 3, 0, 0, 0, true },
        new object[] { 2, 5, 4, 4, 1, true },   // pads larger than a phase
        new object[] { 1, 3, 2, 2, 0, false },  // stride-1 crop larger than the kernel reach
    ];

    [TestCaseSource(nameof(OneD))]
    public void OneDimensionalRewriteEqualsConvTranspose(int stride, int kernel, int padBegin, int padEnd, int outputPadding, bool bias)
    {
        const int cin = 5, cout = 4, length = 11, batch = 2;
        var b = new GraphBuilder("ct1d", 17);
        string x = b.Input("x", -1, cin, length);
        string y = b.ConvTranspose(x, OrtRun.Random(cin * cout * kernel, 1), bias ? OrtRun.Random(cout, 2) : null,
            [cin, cout, kernel], [stride], [padBegin, padEnd], outputPadding > 0 ? [outputPadding] : null);
        b.RenameLastOutput("y");
        b.Output("y", -1, cout, -1);
        AssertRewriteMatches(b.Build(), [batch, cin, length], 3);
    }

    private static readonly object[] TwoD =
    [
        new object[] { new long[] { 2, 2 }, new long[] { 3, 3 }, new long[] { 1, 1, 1, 1 }, new long[] { 1, 1 } },
        new object[] { new long[] { 2, 3 }, new long[] { 4, 5 }, new long[] { 1, 2, 0, 1 }, new long[] { 0, 2 } },
        new object[] { new long[] { 1, 2 }, new long[] { 3, 2 }, new long[] { 0, 0, 0, 0 }, new long[] { 0, 1 } },
        new object[] { new long[] { 3, 3 }, new long[] { 3, 3 }, new long[] { 0, 0, 0, 0 }, new long[] { 0, 0 } },
    ];

    private const int Cin2D = 3, Cout2D = 2, H2D = 5, W2D = 6;

    /// <summary>One 2-D ConvTranspose layer on a [N, 3, 5, 6] input.</summary>
    private static Onnx.Proto.ModelProto TwoDLayer(long[] strides, long[] kernel, long[] pads, long[] outputPadding)
    {
        var b = new GraphBuilder("ct2d", 17);
        string x = b.Input("x", -1, Cin2D, H2D, W2D);
        b.ConvTranspose(x, OrtRun.Random(Cin2D * Cout2D * (int)(kernel[0] * kernel[1]), 4), OrtRun.Random(Cout2D, 5),
            [Cin2D, Cout2D, kernel[0], kernel[1]], strides, pads, outputPadding);
        b.RenameLastOutput("y");
        b.Output("y", -1, Cout2D, -1, -1);
        return b.Build();
    }

    [TestCaseSource(nameof(TwoD))]
    public void TwoDimensionalRewriteEqualsConvTranspose(long[] strides, long[] kernel, long[] pads, long[] outputPadding) =>
        AssertRewriteMatches(TwoDLayer(strides, kernel, pads, outputPadding), [2, Cin2D, H2D, W2D], 6);

    /// <summary>The same layers with the input sizes known (as the quantizer probes them): constant shapes, single-axis Transposes.</summary>
    [TestCaseSource(nameof(TwoD))]
    public void TwoDimensionalRewriteWithKnownSizesEqualsConvTranspose(long[] strides, long[] kernel, long[] pads, long[] outputPadding)
    {
        var model = TwoDLayer(strides, kernel, pads, outputPadding);
        var shapes = TensorShapeProbe.Shapes(model, ConvTransposeRewrite.InputsNeedingShapes(model.Graph));
        Assert.That(shapes["x"], Is.EqualTo(new long[] { 1, Cin2D, H2D, W2D }));
        var rewritten = AssertRewriteMatches(model, [2, Cin2D, H2D, W2D], 6, shapes);
        var ops = rewritten.Graph.Node.Select(n => n.OpType).ToList();
        Assert.That(ops, Does.Not.Contain("Shape"), "sizes are constants");
        Assert.That(ops.Count(o => o == "Transpose"), Is.EqualTo(strides.Count(v => v > 1)), "one single-axis move per strided axis");
        foreach (var t in rewritten.Graph.Node.Where(n => n.OpType == "Transpose"))
        {
            long[] perm = Attr.GetInts(t, "perm", []);
            Assert.That(perm.Where((v, i) => v != i).Count(), Is.GreaterThanOrEqualTo(2));
            Assert.That(IsSingleAxisMove(perm), Is.True, $"perm [{string.Join(",", perm)}] moves one axis");
        }
    }

    private static bool IsSingleAxisMove(long[] perm)
    {
        for (int from = 0; from < perm.Length; from++)
        {
            var rest = perm.Where(v => v != from).ToList();
            if (rest.SequenceEqual(Enumerable.Range(0, perm.Length).Where(v => v != from).Select(v => (long)v))) return true;
        }
        return false;
    }

    [Test]
    public void RewriteLeavesNoConvTransposeAndOneConvPerLayer()
    {
        var b = new GraphBuilder("ct", 17);
        string x = b.Input("x", -1, 4, 8);
        b.ConvTranspose(x, OrtRun.Random(4 * 2 * 7, 1), null, [4, 2, 7], [2], [3, 3], [1]);
        b.RenameLastOutput("y");
        b.Output("y", -1, 2, 16);
        var model = b.Build();
        var kept = ConvTransposeRewrite.Apply(model);
        Assert.That(kept, Is.Empty);
        Assert.That(model.Graph.Node.Select(n => n.OpType), Does.Not.Contain("ConvTranspose"));
        Assert.That(model.Graph.Node.Count(n => n.OpType == "Conv"), Is.EqualTo(1));
        var w = model.Graph.Initializer.Single(t => t.Dims.Count == 3);
        Assert.That(w.Dims, Is.EqualTo(new long[] { 4, 4, 4 }), "2 phases × 2 channels, 4 inputs, ⌈7/2⌉ taps");
    }

    [Test]
    public void DilatedConvTransposeIsKeptWithAReason()
    {
        var b = new GraphBuilder("ct", 17);
        string x = b.Input("x", -1, 2, 8);
        b.ConvTranspose(x, OrtRun.Random(2 * 2 * 3, 1), null, [2, 2, 3], [2], [0, 0]);
        b.Graph.Node[0].Attribute.Add(Attr.Ints("dilations", 2));
        b.RenameLastOutput("y");
        b.Output("y", -1, 2, -1);
        var model = b.Build();
        var kept = ConvTransposeRewrite.Apply(model);
        Assert.That(kept.Single(), Does.Contain("dilated"));
        Assert.That(model.Graph.Node.Single().OpType, Is.EqualTo("ConvTranspose"));
    }

    private static Onnx.Proto.ModelProto AssertRewriteMatches(Onnx.Proto.ModelProto original, long[] inputDims, int seed, IReadOnlyDictionary<string, long[]>? shapes = null)
    {
        int count = (int)inputDims.Aggregate(1L, (a, v) => a * v);
        var input = OrtRun.Random(count, seed);
        var expected = OrtRun.Run(original, input, inputDims, out var expectedDims);
        var rewritten = original.Clone();
        Assert.That(ConvTransposeRewrite.Apply(rewritten, inputShapes: shapes), Is.Empty);
        Assert.That(rewritten.Graph.Node.Select(n => n.OpType), Does.Not.Contain("ConvTranspose"));
        var actual = OrtRun.Run(rewritten, input, inputDims, out var actualDims);
        Assert.That(actualDims, Is.EqualTo(expectedDims));
        for (int i = 0; i < expected.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(1e-5), $"element {i}");
        return rewritten;
    }
}
