using System.Text.Json.Nodes;
using EdgeAE.Export.Cli;
using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.Training;

/// <summary>`edgeae train` end to end through the CLI (console redirected, so not parallelizable).</summary>
[NonParallelizable]
public class TrainCommandTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(dir = Path.Combine(Path.GetTempPath(), $"edgeae-cli-{Guid.NewGuid():N}"));

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private string WriteCsv(int rows, Func<int, int, string>? cell = null)
    {
        var table = SyntheticData.Sines(rows);
        var lines = new List<string> { "timestamp;a;b;c" };
        for (int r = 0; r < rows; r++)
            lines.Add($"{table.Timestamps![r]:yyyy-MM-dd HH:mm:ss};" + string.Join(';', Enumerable.Range(0, 3).Select(c => cell?.Invoke(r, c) ?? table.Row(r)[c].ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        string path = Path.Combine(dir, "data.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Test]
    public void JsonReportsLossesSpeedAndHashAndWritesABundle()
    {
        string csv = WriteCsv(150);
        string model = Path.Combine(dir, "m.onnx");
        var (code, stdout, stderr) = Run("train", "--data", csv, "--arch", "dense", "--window", "12", "--hidden", "16", "--latent", "4", "--epochs", "3", "--seed", "3", "-o", model, "--json");
        Assert.That(code, Is.EqualTo(0), stderr);
        var json = JsonNode.Parse(stdout)!.AsObject();
        foreach (var key in new[] { "val_loss", "baseline_val_loss", "epochs", "windows_per_second", "graph_sha256" })
            Assert.That(json.ContainsKey(key), key);
        Assert.That((int)json["epochs"]!, Is.EqualTo(3));
        Assert.That((string)json["graph_sha256"]!, Is.EqualTo(OnnxModelFile.GraphSha256(model)));
        Assert.That(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("epoch ")), Is.EqualTo(3), "one progress line per epoch on stderr");
        using var bundle = Bundle.Load(model);
        Assert.That(bundle.Manifest.Layout, Is.EqualTo(TensorLayout.Flat));
        Assert.That(bundle.Manifest.Channels, Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void TooFewRowsIsOneLineErrorAndNoFile()
    {
        string csv = WriteCsv(40);
        string model = Path.Combine(dir, "m.onnx");
        var (code, _, stderr) = Run("train", "--data", csv, "--window", "60", "-o", model);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("edgeae: error:").And.Contain("fewer than one window of 60"));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(File.Exists(model), Is.False);
    }

    [Test]
    public void NonNumericCellIsReported()
    {
        string csv = WriteCsv(100, (r, c) => r == 50 && c == 1 ? "oops" : null!);
        var (code, _, stderr) = Run("train", "--data", csv, "--window", "10", "-o", Path.Combine(dir, "m.onnx"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("'oops' is not a number"));
    }

    [Test]
    public void BadOptionValueIsAUsageError()
    {
        string csv = WriteCsv(100);
        var (code, _, stderr) = Run("train", "--data", csv, "--window", "10", "--dropout", "1.5", "-o", Path.Combine(dir, "m.onnx"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("edgeae: error: --dropout: must be in [0, 1), got 1.5"), "the library's Dropout, said as the flag");
    }
}
