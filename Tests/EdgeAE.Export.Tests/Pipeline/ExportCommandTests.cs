using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeAE.Export.Cli;
using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Training;

namespace EdgeAE.Export.Tests.Pipeline;

/// <summary>`edgeae export` end to end on a small trained model and synthetic sensor files.</summary>
public class ExportCommandTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-export-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private string P(string name) => Path.Combine(dir, name);

    /// <summary>Three sine channels; rows in [anomalyStart, anomalyEnd) get a large offset on channel a and label 1.</summary>
    private string WriteCsv(string name, int rows, int anomalyStart = -1, int anomalyEnd = -1, int phase = 0)
    {
        var sb = new StringBuilder("datetime,a,b,c,anomaly\n");
        var t0 = new DateTime(2024, 5, 1, 0, 0, 0);
        for (int r = 0; r < rows; r++)
        {
            int x = r + phase;
            bool anomalous = r >= anomalyStart && r < anomalyEnd;
            sb.Append(CultureInfo.InvariantCulture, $"{t0.AddSeconds(r):yyyy-MM-dd HH:mm:ss},{Math.Sin(x * 0.3) + (anomalous ? 8 : 0):F5},{2 * Math.Cos(x * 0.17):F5},{Math.Sin(x * 0.05) + 1:F5},{(anomalous ? 1 : 0)}\n");
        }
        File.WriteAllText(P(name), sb.ToString());
        return P(name);
    }

    /// <summary>
    /// No preprocessing stages: these sines are all smooth enough to count as slow, and the recipe's
    /// first difference would turn the 8-unit level shift into a spike at its onset (found, then cleared),
    /// while these tests judge the rows inside it.
    /// </summary>
    private string TrainBundle(string normalCsv)
    {
        var table = SensorDataReader.Read(normalCsv);
        var trained = AutoencoderTrainer.Train(table, new TrainingOptions { Arch = Architecture.Dense, Window = 8, Epochs = 5, Patience = 0, Seed = 3, Threads = 1, Preprocessing = [] });
        trained.Save(P("model.onnx"));
        return P("model.onnx");
    }

    /// <summary>`edgeae` in-process (<see cref="CliRunner"/>), awaited like the verb.</summary>
    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => Task.FromResult(CliRunner.Run(args));

    [Test]
    public async Task BundleInInt8CalibratedEvaluatedBundleAndReportOut()
    {
        string normal = WriteCsv("normal.csv", 600);
        string labeled = WriteCsv("labeled.csv", 400, 200, 260, phase: 37);
        string model = TrainBundle(normal);

        var (code, stdout, stderr) = await Run("export", model, "--calibration", normal, "--normal", normal, "--labeled", labeled,
            "--method", "quantile", "--q", "0.999", "--margin", "1.5", "-o", P("device.onnx"), "--report", P("report"), "--json");

        Assert.That(code, Is.EqualTo(0), stderr);
        var o = JsonNode.Parse(stdout)!;
        TestContext.Out.WriteLine(o.ToJsonString());
        Assert.That(o["converted"]!.GetValue<bool>(), Is.False);
        Assert.That(o["precision"]!.GetValue<string>(), Is.EqualTo("int8"));
        Assert.That(o["quantization"]!["spearman"]!.GetValue<double>(), Is.GreaterThan(0.9));
        Assert.That(o["evaluation"]!["point"]!["recall"]!.GetValue<double>(), Is.GreaterThan(0.5), "an 8-unit level shift is found");

        using var bundle = Bundle.Load(P("device.onnx"));
        var m = bundle.Manifest;
        Assert.That(m.Provenance.Precision, Is.EqualTo(Precision.Int8));
        Assert.That(m.Thresholds!.Calibration!.Method, Is.EqualTo("quantile"));
        Assert.That(m.Thresholds.Alarm, Is.EqualTo(o["thresholds"]!["alarm"]!.GetValue<double>()).Within(1e-9));
        Assert.That(m.Thresholds.Warning, Is.EqualTo(0.8 * m.Thresholds.Alarm).Within(1e-9));
        foreach (var file in new[] { "export.json", "quantization.json", "report.json", "index.html" })
            Assert.That(File.Exists(Path.Combine(P("report"), file)), Is.True, file);
    }

    [Test]
    public async Task PlainOnnxIsConvertedFirstAndFp32KeepsTheFloatGraph()
    {
        string normal = WriteCsv("normal.csv", 600);
        var model = OnnxModelIO.Load(TrainBundle(normal));
        model.MetadataProps.Clear();
        OnnxModelIO.Save(model, P("plain.onnx"));

        var (code, stdout, stderr) = await Run("export", P("plain.onnx"), "--window", "8", "--channels", "3", "--layout", "flat", "--normalize", "zscore",
            "--calibration", normal, "--normal", normal, "--precision", "fp32", "--method", "sigma", "--k", "4", "-o", P("device.onnx"), "--json");

        Assert.That(code, Is.EqualTo(0), stderr);
        var o = JsonNode.Parse(stdout)!;
        Assert.That(o["converted"]!.GetValue<bool>(), Is.True);
        Assert.That(o["precision"]!.GetValue<string>(), Is.EqualTo("fp32"));
        Assert.That(o["quantization"], Is.Null);
        using var bundle = Bundle.Load(P("device.onnx"));
        Assert.That(bundle.Manifest.Normalization.Kind, Is.EqualTo(NormalizationKind.ZScore));
        Assert.That(bundle.Manifest.Thresholds!.Calibration!.Method, Is.EqualTo("sigma"));
    }

    [Test]
    public async Task PlainOnnxWithoutWindowIsOneClearError()
    {
        string normal = WriteCsv("normal.csv", 200);
        var model = OnnxModelIO.Load(TrainBundle(normal));
        model.MetadataProps.Clear();
        OnnxModelIO.Save(model, P("plain.onnx"));

        var (code, _, stderr) = await Run("export", P("plain.onnx"), "--calibration", normal, "--normal", normal, "-o", P("device.onnx"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.StartWith("edgeae: error: ").And.Contain("give --window and --channels"));
        Assert.That(File.Exists(P("device.onnx")), Is.False);
    }
}
