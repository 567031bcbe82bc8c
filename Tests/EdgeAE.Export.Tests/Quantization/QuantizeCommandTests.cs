using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeAE.Export.Cli;
using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Tests.Quantization;

public class QuantizeCommandTests
{
    private string dir = "";

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), "edgeae-quant-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public async Task QuantizeWritesInt8BundleAndReport()
    {
        string bundle = QuantTestModels.WriteBundle(QuantTestModels.ConvBundle(QuantTestModels.Sensors(2000, 1)), dir, "conv.onnx");
        string calibration = WriteCsv(QuantTestModels.Sensors(1500, 2), "cal.csv");
        string validation = WriteCsv(QuantTestModels.Sensors(1200, 3), "val.csv");
        string labeled = WriteCsv(QuantTestModels.Sensors(1800, 4, anomalies: true), "lab.csv");
        string output = Path.Combine(dir, "conv.int8.onnx");
        string report = Path.Combine(dir, "report.json");

        var (code, stdout, stderr) = await Run("quantize", bundle, "--calibration", calibration, "--method", "percentile", "--percentile", "99.9",
            "--validate", validation, "--labeled", labeled, "--label-column", "anomaly", "-o", output, "--report", report, "--json");

        Assert.That(code, Is.EqualTo(0), stderr);
        var json = JsonNode.Parse(stdout)!.AsObject();
        foreach (var key in new[] { "fp32_bytes", "int8_bytes", "mean_score_fp32", "mean_score_int8", "mean_score_rel_error", "window_rel_error_median",
                     "window_rel_error_p99", "spearman", "auroc_fp32", "auroc_int8", "decision_flip_rate", "latency_us_fp32", "latency_us_int8", "optimized_ops" })
            Assert.That(json.ContainsKey(key), key);
        Assert.That(JsonNode.Parse(File.ReadAllText(report))!["method"]!.GetValue<string>(), Is.EqualTo("percentile"));

        using var loaded = Bundle.Load(output, new Runtime.Inference.InferenceSettings());
        var q = loaded.Manifest.Provenance.Quantization!;
        Assert.That(loaded.Manifest.Provenance.Precision, Is.EqualTo(Precision.Int8));
        Assert.That(q.Method, Is.EqualTo("percentile"));
        Assert.That(q.Percentile, Is.EqualTo(99.9));
        Assert.That(q.PerChannel, Is.True);
        Assert.That(q.CalibrationSha256, Is.EqualTo(OnnxModelFile.FileSha256(calibration)));
        Assert.That(q.CalibrationWindows, Is.EqualTo(Runtime.Streaming.WindowExtractor.ExpectedWindows(1500, 60, 4)));
        Assert.That(loaded.Manifest.Thresholds!.Alarm, Is.EqualTo(1.2), "thresholds are kept");
    }

    [Test]
    public async Task ReportSaysWhichX64KernelsMaySaturateAndWeightsChangeIt()
    {
        string bundle = QuantTestModels.WriteBundle(QuantTestModels.DenseBundle(QuantTestModels.Sensors(2000, 1)), dir, "dense.onnx");
        string calibration = WriteCsv(QuantTestModels.Sensors(1500, 2), "cal.csv");
        string output = Path.Combine(dir, "dense.int8.onnx");

        var (code, stdout, stderr) = await Run("quantize", bundle, "--calibration", calibration, "-o", output);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("x64 kernels: 4 of 4 int8-weight layers may saturate ONNX Runtime's U8S8 kernels on AVX2 / AVX-512 without VNNI (Gemm#1, Gemm#2, Gemm#3, Gemm#4"));
        Assert.That(stdout, Does.Contain("EdgeAE's sessions run them exactly (session.x64quantprecision=1); plain ONNX Runtime on this CPU: mean score"));

        (code, stdout, stderr) = await Run("quantize", bundle, "--calibration", calibration, "--weights", "uint8", "-o", output, "--json");
        Assert.That(code, Is.EqualTo(0), stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.That(json["weights"]!.GetValue<string>(), Is.EqualTo("uint8"));
        Assert.That(json["x64_u8s8"]!["int8_weight_layers"]!.GetValue<int>(), Is.EqualTo(0));
        using (var loaded = Bundle.Load(output, new Runtime.Inference.InferenceSettings()))
            Assert.That(loaded.Manifest.Provenance.Quantization!.Weights, Is.EqualTo("uint8"));

        (code, stdout, stderr) = await Run("quantize", bundle, "--calibration", calibration, "--weights", "int7", "-o", output);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("no int8-weight layer can saturate"));

        File.Delete(output);
        (code, _, stderr) = await Run("quantize", bundle, "--calibration", calibration, "--weights", "uint8", "--activations", "int8", "-o", output);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Contain("--weights uint8 needs --activations uint8"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public async Task ConstantCalibrationChannelIsAOneLineErrorAndWritesNothing()
    {
        string bundle = QuantTestModels.WriteBundle(QuantTestModels.DenseBundle(QuantTestModels.Sensors(2000, 1)), dir, "dense.onnx");
        var t = QuantTestModels.Sensors(1000, 2);
        for (int r = 0; r < t.Rows; r++) t.Values[r * t.ChannelCount + 3] = 5f;
        await AssertFails(["quantize", bundle, "--calibration", WriteCsv(t, "cal.csv")], "'s3' is constant");
    }

    [Test]
    public async Task TooFewCalibrationWindowsIsAnError()
    {
        string bundle = QuantTestModels.WriteBundle(QuantTestModels.DenseBundle(QuantTestModels.Sensors(2000, 1)), dir, "dense.onnx");
        await AssertFails(["quantize", bundle, "--calibration", WriteCsv(QuantTestModels.Sensors(120, 2), "cal.csv")], "calibration windows");
    }

    [Test]
    public async Task ModelWithoutWeightsIsAnError()
    {
        var b = new GraphBuilder("noweights", 17);
        b.Relu(b.Input("input", -1, 640));
        b.RenameLastOutput("output");
        b.Output("output", -1, 640);
        var model = b.Build();
        OnnxModelIO.StampManifest(model, QuantTestModels.Manifest(TensorLayout.Flat, 80, QuantTestModels.Sensors(500, 1)));
        string bundle = QuantTestModels.WriteBundle(model, dir, "relu.onnx");
        await AssertFails(["quantize", bundle, "--calibration", WriteCsv(QuantTestModels.Sensors(1000, 2), "cal.csv")], "no weights to quantize");
    }

    [Test]
    public void BatchNormalizationIsFoldedBeforeQuantizing()
    {
        var b = new GraphBuilder("bn", 17);
        string x = b.Input("input", -1, 8, 60);
        x = b.Conv(x, OrtRun.Random(8 * 8 * 3, 1), null, [8, 8, 3], [1], [1, 1]);
        b.BatchNorm(x, Enumerable.Repeat(1f, 8).ToArray(), new float[8], new float[8], Enumerable.Repeat(1f, 8).ToArray(), 1e-3f);
        b.RenameLastOutput("output");
        b.Output("output", -1, 8, 60);
        var model = b.Build();
        OnnxModelIO.StampManifest(model, QuantTestModels.Manifest(TensorLayout.Ncw, 60, QuantTestModels.Sensors(500, 1)));
        var result = EdgeAE.Quantization.Int8Quantizer.Quantize(model, QuantTestModels.Sensors(1000, 2), new EdgeAE.Quantization.QuantizationOptions());
        Assert.That(result.Bundle.Graph.Node.Select(n => n.OpType), Does.Not.Contain("BatchNormalization"));
        Assert.That(result.Notes, Has.Some.Contains("folded 1 BatchNormalization"));
    }

    private async Task AssertFails(string[] args, string expected)
    {
        string output = Path.Combine(dir, "out.int8.onnx");
        var (code, _, stderr) = await Run([.. args, "-o", output]);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.StartWith("edgeae: error: ").And.Contain(expected));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one line");
        Assert.That(File.Exists(output), Is.False, "no file written");
    }

    private string WriteCsv(SensorTable t, string name)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", t.Channels) + (t.Labels is null ? "" : ",anomaly"));
        for (int r = 0; r < t.Rows; r++)
        {
            sb.Append(string.Join(",", t.Row(r).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            if (t.Labels is not null) sb.Append(',').Append(t.Labels[r].ToString(CultureInfo.InvariantCulture));
            sb.AppendLine();
        }
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>`edgeae` in-process (<see cref="CliRunner"/>), awaited like the verb.</summary>
    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => Task.FromResult(CliRunner.Run(args));
}
