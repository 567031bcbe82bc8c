using System.Text.Json.Nodes;
using EdgeAE.Export.Cli;
using EdgeAE.Export.Import;
using EdgeAE.Export.Tests.Passes;
using EdgeAE.Onnx;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.Import;

public class ConvertTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-convert-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    /// <summary>A torch-style Conv1d autoencoder on [N, C=2, W=4] (layout ncw), batch fixed at 1.</summary>
    private string TorchNcwModel()
    {
        var g = new GraphBuilder("torch_jit", opset: 13);
        string x = g.Input("x", 1, 2, 4);
        string y = g.Conv(x, OrtEval.Random(1, 2 * 2 * 3), OrtEval.Random(2, 2), [2, 2, 3], [1], [1, 1]);
        y = g.BatchNorm(y, OrtEval.Random(3, 2), OrtEval.Random(4, 2), OrtEval.Random(5, 2), OrtEval.Positive(6, 2), 1e-5f);
        g.Sigmoid(y);
        g.RenameLastOutput("recon");
        g.Output("recon", 1, 2, 4);
        string path = Path.Combine(dir, "ae.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(g.Build()));
        return path;
    }

    private string Csv(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void OnnxWithZscoreFit_ManifestCarriesEverything()
    {
        string model = TorchNcwModel();
        string fit = Csv("train.csv", "time,a,b\n0,1,10\n1,3,10\n2,5,16\n3,7,16\n");
        var table = Runtime.Data.SensorDataReader.Read(fit);

        var result = ModelConverter.Convert(new ConvertRequest
        {
            ModelPath = model,
            Window = 4,
            Channels = 2,
            Normalize = NormalizationKind.ZScore,
            FitData = table,
            Metric = ErrorMetric.Mae,
        });

        var m = result.Manifest;
        Assert.That(m.Layout, Is.EqualTo(TensorLayout.Ncw), "inferred from [N,2,4] with W=4, C=2");
        Assert.That((m.InputName, m.OutputName), Is.EqualTo(("x", "recon")));
        Assert.That(m.Channels, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(m.Normalization.Offset, Is.EqualTo(new[] { 4f, 13f }));
        Assert.That(m.Normalization.Scale, Is.EqualTo(new[] { (float)Math.Sqrt(5), 3f }));
        Assert.That(m.Score.Metric, Is.EqualTo(ErrorMetric.Mae));
        Assert.That(m.Provenance.Source, Is.EqualTo("convert onnx"));
        Assert.That(m.Provenance.Precision, Is.EqualTo(Precision.Fp32));
        Assert.That(m.Provenance.SourceSha256, Is.EqualTo(OnnxModelFile.FileSha256(model)));
        Assert.That(result.Summary.BatchNormsFolded, Is.EqualTo(1));

        string bundlePath = Path.Combine(dir, "b.onnx");
        OnnxModelIO.WriteBundle(result.Model, m, bundlePath);
        using var bundle = Bundle.Load(bundlePath);
        Assert.That(bundle.Input.Dims, Is.EqualTo(new long[] { -1, 2, 4 }));
    }

    [Test]
    public void LayoutThatDoesNotFit_NamesShapes()
    {
        var e = Assert.Throws<InputException>(() => ModelConverter.Convert(new ConvertRequest
        {
            ModelPath = TorchNcwModel(),
            Window = 4,
            Channels = 2,
            Layout = TensorLayout.Flat,
        }));
        Assert.That(e!.Message, Does.Contain("[2,4]").And.Contain("--layout flat").And.Contain("[8]"));
    }

    [Test]
    public void SquareWindow_IsAmbiguous_AsksForLayout()
    {
        var g = new GraphBuilder();
        g.Relu(g.Input("x", -1, 3, 3));
        g.RenameLastOutput("y");
        g.Output("y", -1, 3, 3);
        string path = Path.Combine(dir, "sq.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(g.Build()));
        var e = Assert.Throws<InputException>(() => ModelConverter.Convert(new ConvertRequest { ModelPath = path, Window = 3, Channels = 3 }));
        Assert.That(e!.Message, Does.Contain("nwc and ncw; pass --layout"));
    }

    [Test]
    public void Cli_JsonReport_AndBundleOnDisk()
    {
        string model = TorchNcwModel();
        string bundlePath = Path.Combine(dir, "out.onnx");
        var (code, stdout) = Run("convert", model, "--window", "4", "--channels", "2", "--layout", "ncw", "--channel-names", "x1,x2", "-o", bundlePath, "--json");

        Assert.That(code, Is.Zero);
        var json = JsonNode.Parse(stdout)!;
        Assert.That(json["ops"]!.ToJsonString(), Is.EqualTo("""{"Conv":1,"Sigmoid":1}"""));
        Assert.That(json["inputs"]![0]!["shape"]!.ToJsonString(), Is.EqualTo("""["N",2,4]"""));
        Assert.That(json["graph_sha256"]!.GetValue<string>(), Is.EqualTo(OnnxModelFile.GraphSha256(bundlePath)));
        using var bundle = Bundle.Load(bundlePath);
        Assert.That(bundle.Manifest.Channels, Is.EqualTo(new[] { "x1", "x2" }));
        Assert.That(bundle.Manifest.Hop, Is.EqualTo(1));
    }

    [Test]
    public void Cli_NormalizeWithoutFit_IsAUsageError()
    {
        var (code, _) = Run("convert", TorchNcwModel(), "--window", "4", "--channels", "2", "--normalize", "minmax", "-o", Path.Combine(dir, "o.onnx"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(dir, "o.onnx")), Is.False);
    }

    [Test]
    public void OpenTimeAxis_IsFilledFromWindow_WhenLayoutIsStated()
    {
        // A fully convolutional Keras model saved with input shape (None, 2).
        var conv = new LayerSpec("Conv1D", "c", new JsonObject { ["filters"] = 2, ["kernel_size"] = 3, ["padding"] = "same" },
            ("kernel", OrtEval.Random(1, 12), [3, 2, 2]), ("bias", OrtEval.Random(2, 2), [2]));
        string keras = KerasFiles.Keras2Sequential(Path.Combine(dir, "fcn.h5"), [-1, 2], conv);

        var result = ModelConverter.Convert(new ConvertRequest { ModelPath = keras, Window = 6, Channels = 2, Layout = TensorLayout.Nwc });
        Assert.That(result.Summary.WindowShape, Is.EqualTo(new long[] { 6, 2 }));

        var e = Assert.Throws<InputException>(() => ModelConverter.Convert(new ConvertRequest { ModelPath = keras, Window = 6, Channels = 2 }));
        Assert.That(e!.Message, Does.Contain("[None,2]").And.Contain("--layout"));
    }

    [Test]
    public void SymbolicOnnxTimeAxis_IsBound()
    {
        var g = new GraphBuilder("torch_jit", opset: 17);
        string x = g.Input("x", -1, 2, 1);
        g.Graph.Input[0].Type.TensorType.Shape.Dim[2] = new Onnx.Proto.TensorShapeProto.Types.Dimension { DimParam = "T" };
        g.Conv(x, OrtEval.Random(1, 12), OrtEval.Random(2, 2), [2, 2, 3], [1], [1, 1]);
        g.RenameLastOutput("y");
        g.Output("y", -1, 2, 1);
        g.Graph.Output[0].Type.TensorType.Shape.Dim[2] = new Onnx.Proto.TensorShapeProto.Types.Dimension { DimParam = "T" };
        string path = Path.Combine(dir, "dyn.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(g.Build()));

        var result = ModelConverter.Convert(new ConvertRequest { ModelPath = path, Window = 5, Channels = 2, Layout = TensorLayout.Ncw });

        Assert.That(result.Summary.WindowShape, Is.EqualTo(new long[] { 2, 5 }));
    }

    private static (int Code, string Stdout) Run(params string[] args)
    {
        var original = Console.Out;
        var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            int code = CliApp.RunAsync(args).GetAwaiter().GetResult();
            return (code, capture.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
