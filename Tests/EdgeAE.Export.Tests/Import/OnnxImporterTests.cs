using EdgeAE.Export.Import;
using EdgeAE.Export.Import.OnnxFiles;
using EdgeAE.Export.Tests.Passes;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Tests.Import;

/// <summary>Models shaped like torch.onnx.export / tf2onnx output, checked against hand-computed references.</summary>
public class OnnxImporterTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-onnx-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private string Save(ModelProto model, string name, long irVersion)
    {
        string path = Path.Combine(dir, name);
        model.IrVersion = irVersion;
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));
        return path;
    }

    private static float[] R(int seed, int n) => OrtEval.Random(seed, n, 0.5f);

    [Test]
    public void TorchLinearAutoencoder_Opset11FixedBatch_FoldsAndBecomesDynamic()
    {
        // nn.Linear(12,5) → BatchNorm1d(5) → ReLU → Dropout → nn.Linear(5,12) → Sigmoid, exported without dynamic_axes.
        float[] w1 = R(1, 60), b1 = R(2, 5), w2 = R(3, 60), b2 = R(4, 12);
        float[] gamma = R(5, 5), beta = R(6, 5), mean = R(7, 5), variance = OrtEval.Positive(8, 5);
        var g = new GraphBuilder("torch_jit", opset: 11);
        string x = g.Input("input.1", 1, 12);
        string y = g.Gemm(x, w1, b1, 12, 5);
        y = g.BatchNorm(y, gamma, beta, mean, variance, 1e-5f);
        y = g.Relu(y);
        y = g.NodeMulti("Dropout", [y], 2, Attr.Float("ratio", 0.2f))[0];
        y = g.Gemm(y, w2, b2, 5, 12);
        g.Sigmoid(y);
        g.RenameLastOutput("17");
        g.Output("17", 1, 12);
        string path = Save(g.Build(), "torch_linear.onnx", irVersion: 6);

        var model = OnnxImporter.Import(path);
        var summary = ImportPipeline.Run(model);

        Assert.That(summary.BatchNormsFolded, Is.EqualTo(1));
        Assert.That(summary.PassThroughsRemoved, Is.EqualTo(1));
        Assert.That(summary.FixedBatchReplaced, Is.EqualTo(1));
        Assert.That(model.IrVersion, Is.EqualTo(6));
        Assert.That(model.Graph.Node.Select(n => n.OpType), Is.EqualTo(new[] { "Gemm", "Relu", "Gemm", "Sigmoid" }));
        var input = R(9, 36);
        var output = OrtEval.Run(model, input, 3, 12);
        for (int n = 0; n < 3; n++)
        {
            var h = new float[5];
            for (int j = 0; j < 5; j++)
            {
                double s = b1[j];
                for (int i = 0; i < 12; i++) s += input[n * 12 + i] * w1[j * 12 + i];
                s = (s - mean[j]) / Math.Sqrt(variance[j] + 1e-5) * gamma[j] + beta[j];
                h[j] = (float)Math.Max(s, 0);
            }
            for (int i = 0; i < 12; i++)
            {
                double s = b2[i];
                for (int j = 0; j < 5; j++) s += h[j] * w2[i * 5 + j];
                Assert.That(output[n * 12 + i], Is.EqualTo(1 / (1 + Math.Exp(-s))).Within(1e-5), $"window {n} value {i}");
            }
        }
    }

    [Test]
    public void TorchConv1dAutoencoder_ConvTransposeFlattenReshape_MatchesReference()
    {
        // Conv1d(2→4,k3,s2,p1) → BatchNorm1d → ReLU → ConvTranspose1d(4→2,k4,s2,p1) → Flatten → Linear(16,16) → view(1,2,8) → Sigmoid
        float[] wc = R(1, 4 * 2 * 3), bc = R(2, 4), wt = R(3, 4 * 2 * 4), bt = R(4, 2), wl = R(5, 256), bl = R(6, 16);
        float[] gamma = R(7, 4), beta = R(8, 4), mean = R(9, 4), variance = OrtEval.Positive(10, 4);
        var g = new GraphBuilder("torch_jit", opset: 13);
        string x = g.Input("x", 1, 2, 8);
        string y = g.Conv(x, wc, bc, [4, 2, 3], [2], [1, 1]);
        y = g.Relu(g.BatchNorm(y, gamma, beta, mean, variance, 1e-5f));
        y = g.ConvTranspose(y, wt, bt, [4, 2, 4], [2], [1, 1]);
        y = g.Gemm(g.Flatten(y), wl, bl, 16, 16);
        g.Sigmoid(g.Reshape(y, 1, 2, 8));
        g.RenameLastOutput("y");
        g.Output("y", 1, 2, 8);
        string path = Save(g.Build(), "torch_conv.onnx", irVersion: 7);

        var model = OnnxImporter.Import(path);
        var summary = ImportPipeline.Run(model);

        Assert.That(summary.BatchNormsFolded, Is.EqualTo(1));
        Assert.That(summary.WindowShape, Is.EqualTo(new long[] { 2, 8 }));
        var input = R(11, 32);
        var output = OrtEval.Run(model, input, 2, 2, 8);
        for (int n = 0; n < 2; n++)
        {
            // Conv1d, stride 2, pad 1: out length 4.
            var h = new double[4, 4];
            for (int co = 0; co < 4; co++)
                for (int t = 0; t < 4; t++)
                {
                    double s = bc[co];
                    for (int ci = 0; ci < 2; ci++)
                        for (int k = 0; k < 3; k++)
                        {
                            int i = t * 2 + k - 1;
                            if (i >= 0 && i < 8) s += input[n * 16 + ci * 8 + i] * wc[(co * 2 + ci) * 3 + k];
                        }
                    s = (s - mean[co]) / Math.Sqrt(variance[co] + 1e-5) * gamma[co] + beta[co];
                    h[co, t] = Math.Max(s, 0);
                }
            // ConvTranspose1d: out[o] += h[i]·w[ci,co,k] at o = 2i + k − 1.
            var u = new double[2, 8];
            for (int co = 0; co < 2; co++)
                for (int o = 0; o < 8; o++) u[co, o] = bt[co];
            for (int ci = 0; ci < 4; ci++)
                for (int i = 0; i < 4; i++)
                    for (int co = 0; co < 2; co++)
                        for (int k = 0; k < 4; k++)
                        {
                            int o = 2 * i + k - 1;
                            if (o >= 0 && o < 8) u[co, o] += h[ci, i] * wt[(ci * 2 + co) * 4 + k];
                        }
            var flat = new double[16];
            for (int co = 0; co < 2; co++)
                for (int o = 0; o < 8; o++) flat[co * 8 + o] = u[co, o];
            for (int j = 0; j < 16; j++)
            {
                double s = bl[j];
                for (int i = 0; i < 16; i++) s += flat[i] * wl[j * 16 + i];
                Assert.That(output[n * 16 + j], Is.EqualTo(1 / (1 + Math.Exp(-s))).Within(1e-5), $"window {n} value {j}");
            }
        }
    }

    [Test]
    public void Tf2OnnxDense_SymbolicBatchMatMulAddBn_Folds()
    {
        var g = new GraphBuilder("tf2onnx", opset: 15);
        string x = g.Input("input_1", -1, 6);
        string y = g.Node("Identity", [x]);
        y = g.Add(g.Node("MatMul", [y, g.Weight("W", R(1, 24), 6, 4)]), g.Weight("B", R(2, 4), 4));
        y = g.BatchNorm(y, R(3, 4), R(4, 4), R(5, 4), OrtEval.Positive(6, 4), 1e-3f);
        y = g.Relu(y);
        y = g.Add(g.Node("MatMul", [y, g.Weight("W", R(7, 24), 4, 6)]), g.Weight("B", R(8, 6), 6));
        g.Node("Identity", [y]);
        g.RenameLastOutput("dense_1");
        g.Output("dense_1", -1, 6);
        var original = g.Build();
        var x0 = R(9, 12);
        var before = OrtEval.Run(original, x0, 2, 6);
        var model = OnnxImporter.Import(Save(original, "tf2onnx.onnx", irVersion: 8));

        var summary = ImportPipeline.Run(model);

        Assert.That(summary.BatchNormsFolded, Is.EqualTo(1));
        Assert.That(summary.PassThroughsRemoved, Is.EqualTo(2));
        Assert.That(summary.FixedBatchReplaced, Is.Zero);
        OrtEval.AssertClose(before, OrtEval.Run(model, x0, 2, 6));
    }

    [TestCase(10)]
    [TestCase(22)]
    public void OpsetOutsideRange_IsRejected(int opset)
    {
        var g = new GraphBuilder(opset: opset);
        g.Relu(g.Input("x", -1, 4));
        g.RenameLastOutput("y");
        g.Output("y", -1, 4);
        var e = Assert.Throws<InputException>(() => OnnxImporter.Import(Save(g.Build(), "old.onnx", 7)));
        Assert.That(e!.Message, Does.Contain($"opset {opset} is outside the supported 11–21"));
    }

    [Test]
    public void ForeignDomain_IsRejected()
    {
        var g = new GraphBuilder();
        string y = g.Relu(g.Input("x", -1, 4));
        g.Graph.Node[^1].Domain = "com.microsoft";
        g.RenameLastOutput("y");
        g.Output("y", -1, 4);
        var e = Assert.Throws<InputException>(() => OnnxImporter.Import(Save(g.Build(), "ms.onnx", 8)));
        Assert.That(e!.Message, Does.Contain("com.microsoft.Relu"));
    }

    [Test]
    public void EncoderOnly_IsNotAReconstructionModel()
    {
        var g = new GraphBuilder();
        g.Gemm(g.Input("x", -1, 6), R(1, 12), R(2, 2), 6, 2);
        g.RenameLastOutput("z");
        g.Output("z", -1, 2);
        var model = OnnxImporter.Import(Save(g.Build(), "enc.onnx", 8));
        var e = Assert.Throws<InputException>(() => ImportPipeline.Run(model));
        Assert.That(e!.Message, Does.Contain("not a reconstruction model"));
    }
}
