using System.Text.Json.Nodes;
using EdgeAE.Export.Cli;
using EdgeAE.Export.Onnx;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Tests.Quantization;

/// <summary>
/// `edgeae quantize` on the real SKAB recordings (semicolon CSV, datetime column, labels) with the
/// Conv-AE test shape. The weights are the deterministic test ones (training is another verb), so
/// this proves the data path and int8 fidelity on real sensor distributions, not detection quality.
/// </summary>
public class SkabQuantizeTests
{
    /// <summary>../shared/data/skab from the repo root (EDGEAE_SHARED overrides ../shared, e.g. from a worktree).</summary>
    private static string SharedData()
    {
        if (Environment.GetEnvironmentVariable("EDGEAE_SHARED") is { Length: > 0 } shared) return Path.Combine(shared, "data", "skab");
        string? dir = TestContext.CurrentContext.TestDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "EdgeAE.sln"))) dir = Path.GetDirectoryName(dir);
        return dir is null ? "" : Path.GetFullPath(Path.Combine(dir, "..", "shared", "data", "skab"));
    }

    [Test]
    public async Task SkabConvAutoencoderQuantizesWithinBudget()
    {
        string skab = SharedData();
        string normal = Path.Combine(skab, "anomaly-free", "anomaly-free.csv");
        string labeled = Path.Combine(skab, "valve1", "1.csv");
        if (!File.Exists(normal) || !File.Exists(labeled)) Assert.Ignore($"SKAB data not found under {skab}");

        string dir = Path.Combine(Path.GetTempPath(), "edgeae-skab-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var train = SensorDataReader.Read(normal, new DataReadOptions { Rows = RowRange.Parse("0:5000") });
            var model = QuantTestModels.ConvBundle(new SensorTable(QuantTestModels.Channels, train.Values));
            var manifest = OnnxModelIO.ReadManifest(model)!;
            manifest.Channels = train.Channels;
            OnnxModelIO.StampManifest(model, manifest);
            string bundle = Path.Combine(dir, "skab.onnx");
            OnnxModelIO.Save(model, bundle);
            string output = Path.Combine(dir, "skab.int8.onnx");

            var stdout = new StringWriter();
            var old = Console.Out;
            Console.SetOut(stdout);
            int code;
            try
            {
                code = await CliApp.RunAsync(["quantize", bundle, "--calibration", normal, "--rows", "0:5000", "--validate", normal,
                    "--labeled", labeled, "-o", output, "--json"]);
            }
            finally
            {
                Console.SetOut(old);
            }
            Assert.That(code, Is.EqualTo(0));
            var report = JsonNode.Parse(stdout.ToString())!;
            TestContext.Out.WriteLine(report.ToJsonString());
            Assert.That(report["mean_score_rel_error"]!.GetValue<double>(), Is.LessThanOrEqualTo(0.01));
            Assert.That(report["spearman"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0.98));
            Assert.That(report["auroc_int8"], Is.Not.Null);
            Assert.That(report["optimized_ops_int8_allowed"]!.AsObject().ContainsKey("Conv"), Is.False);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
