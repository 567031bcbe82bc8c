using System.Text.Json.Nodes;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Tests.Evaluation;

[NonParallelizable]
public class CalibrateEvaluateCliTests
{
    private CliTestData data = null!;

    [OneTimeSetUp]
    public void Create() => data = new CliTestData();

    [OneTimeTearDown]
    public void Remove() => data.Dispose();

    private static float[] NormalScores(string bundle, string csv)
    {
        using var b = Bundle.Load(bundle);
        var table = SensorDataReader.Read(csv, new DataReadOptions { Columns = ["a", "b"] });
        return OfflineScorer.Score(b, table, ScorerOptions.Offline with { Detect = false }).Scores;
    }

    [Test]
    public void QuantileWritesThresholdsAndKeepsTheGraph()
    {
        string output = data.PathOf("quantile.onnx");
        // --channel-fit keep: the bundle's own scores (the default standardizes each channel's error first).
        var (exit, stdout, stderr) = CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--method", "quantile",
            "--q", "0.99", "--raise-after", "2", "--clear-after", "3", "--channel-fit", "keep", "-o", output, "--json");
        Assert.That(exit, Is.EqualTo(0), stderr);
        var json = JsonNode.Parse(stdout)!;
        // The default margin is the recipe's 4/3 on the quantile (CalibrationDefaults).
        double expected = 4.0 / 3.0 * Quantiles.Of(NormalScores(data.BundlePath, data.NormalPath), 0.99);
        Assert.That((double)json["alarm"]!, Is.EqualTo(expected).Within(1e-12));
        Assert.That((double)json["warning"]!, Is.EqualTo(0.8 * expected).Within(1e-12));
        Assert.That((int)json["windows"]!, Is.EqualTo(3000 - CliTestData.Window + 1));

        var before = OnnxModelIO.ReadManifest(OnnxModelIO.Load(data.BundlePath))!;
        using var calibrated = Bundle.Load(output);
        var t = calibrated.Manifest.Thresholds!;
        Assert.That((t.Alarm, t.RaiseAfter, t.ClearAfter), Is.EqualTo((expected, 2, 3)));
        Assert.That(t.Calibration!.Method, Is.EqualTo("quantile"));
        Assert.That(t.Calibration.Parameters["q"], Is.EqualTo(0.99));
        Assert.That(t.Calibration.NormalQuantiles.Keys, Is.EquivalentTo(new[] { "p50", "p90", "p99", "p99.9", "max" }));
        Assert.That(t.Calibration.DataSha256, Is.EqualTo(OnnxModelFile.FileSha256(data.NormalPath)));
        Assert.That(calibrated.Manifest.Provenance.GraphSha256, Is.EqualTo(before.Provenance.GraphSha256), "graph unchanged");
        Assert.That(before.Thresholds, Is.Null);
    }

    [Test]
    public void TextOutputSaysWhatAndWhy()
    {
        var (exit, stdout, stderr) = CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--method", "mad", "--k", "4",
            "-o", data.PathOf("mad.onnx"));
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("method      mad").And.Contain("why         median").And.Contain("1.4826·MAD").And.Contain("p99.9"));
    }

    [Test]
    public void F1UsesTheLabelledPointScoresAndSeparatesTheAnomaly()
    {
        var (exit, stdout, stderr) = CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--method", "f1",
            "--labeled", data.LabeledPath, "-o", data.PathOf("f1.onnx"), "--json");
        Assert.That(exit, Is.EqualTo(0), stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.That((double)json["parameters"]!["f1"]!, Is.GreaterThan(0.95));
        // The evaluation at the chosen threshold reproduces the calibrated F1.
        Assert.That((double)json["labeled"]!["point"]!["f1"]!, Is.EqualTo((double)json["parameters"]!["f1"]!).Within(1e-12));
    }

    [Test]
    public void FarSimulatesEpisodesAtTheDataRate()
    {
        var (exit, stdout, stderr) = CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--method", "far",
            "--far-per-day", "24", "--raise-after", "3", "--channel-fit", "keep", "--margin", "1", "-o", data.PathOf("far.onnx"), "--json");
        Assert.That(exit, Is.EqualTo(0), stderr);
        var json = JsonNode.Parse(stdout)!;
        // 2,991 windows at 1 s = 0.0346 days: a budget of 24/day allows 0 episodes.
        Assert.That((double)json["parameters"]!["window_period_s"]!, Is.EqualTo(1));
        Assert.That((double)json["parameters"]!["episodes"]!, Is.EqualTo(0));
        var scores = NormalScores(data.BundlePath, data.NormalPath);
        var spec = new ThresholdSpec { Alarm = (double)json["alarm"]!, Warning = (double)json["warning"]!, RaiseAfter = 3, ClearAfter = 1 };
        Assert.That(DetectorAlarmSimulator.Instance.CountAlarmEpisodes(scores, spec, TimeSpan.FromSeconds(1)), Is.EqualTo(0));
        Assert.That((double)json["alarm"]!, Is.LessThan(scores.Max()), "raise-after 3 lets isolated peaks stay under budget");
    }

    [Test]
    public void EvaluateReportsMetricsAndWritesTheReport()
    {
        string calibrated = data.PathOf("eval.onnx");
        Assert.That(CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--method", "pot", "--risk", "1e-3", "-o", calibrated).Exit, Is.EqualTo(0));
        string dir = data.PathOf("report");
        var (exit, stdout, stderr) = CliRunner.Run("evaluate", calibrated, "--labeled", data.LabeledPath, "--report", dir, "--json");
        Assert.That(exit, Is.EqualTo(0), stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.That((double)json["point"]!["f1"]!, Is.GreaterThan(0.9));
        Assert.That((double)json["point"]!["auroc"]!, Is.GreaterThan(0.99));
        Assert.That((int)json["point_rule_events"]!["detected"]!, Is.EqualTo(1));
        Assert.That((int)json["point"]!["excluded_rows"]!, Is.EqualTo(0), "hop 1: the first window already covers row 0");
        Assert.That((int)json["detector_episodes"]!["detected_events"]!, Is.EqualTo(1));
        Assert.That((int)json["detector_episodes"]!["alarm_episodes"]!, Is.GreaterThanOrEqualTo(1));
        Assert.That((bool)json["event_views"]!["agree"]!, Is.True);
        // A clean 100-row level shift: every range-based measure sees it.
        Assert.That((double)json["vus"]!["pr"]!, Is.GreaterThan(0.8));
        Assert.That((double)json["vus"]!["roc"]!, Is.GreaterThan(0.9));
        Assert.That((string)json["vus"]!["max_buffer_source"]!, Does.Contain("TSB-AD").And.Contain("'a'"));
        Assert.That((double)json["affiliation"]!["precision"]!, Is.GreaterThan(0.9));
        Assert.That((double)json["affiliation"]!["recall"]!, Is.GreaterThan(0.9));
        Assert.That((double)json["point_adjusted"]!["f1"]!, Is.GreaterThanOrEqualTo((double)json["point"]!["f1"]!));
        Assert.That((string)json["point_adjusted"]!["note"]!, Does.Contain("Kim et al. 2022"));
        foreach (var f in new[] { "index.html", "report.json", "scores.png", "histogram.png", "roc.png" })
            Assert.That(File.Exists(Path.Combine(dir, f)), f);
    }

    [Test]
    public void EvaluateTextNamesEveryMeasureAndBothEventViews()
    {
        string calibrated = data.PathOf("eval-text.onnx");
        Assert.That(CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--method", "pot", "--risk", "1e-3", "-o", calibrated).Exit, Is.EqualTo(0));
        var (exit, stdout, stderr) = CliRunner.Run("evaluate", calibrated, "--labeled", data.LabeledPath, "--vus-buffer", "20");
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("VUS-PR").And.Contain("(buffers 0–20 rows: --vus-buffer)"));
        Assert.That(stdout, Does.Contain("affiliation precision"));
        Assert.That(stdout, Does.Match(@"point-adjusted F1 \d\.\d{3} \(inflated: one flagged row marks its whole event; Kim et al\. 2022\)"));
        Assert.That(stdout, Does.Contain("events by the point rule (row flagged when all covering windows exceed the alarm level): 1/1 detected"));
        Assert.That(stdout, Does.Contain("detector episodes (the device's alarms with raise/clear hysteresis): "));
        Assert.That(stdout, Does.Not.Contain("disagree"), "both views find the one event");

        // --threshold moves the point rule only; the detector line says which level it used.
        var (_, lowered, _) = CliRunner.Run("evaluate", calibrated, "--labeled", data.LabeledPath, "--threshold", "1e-6");
        Assert.That(lowered, Does.Contain("at the bundle's alarm").And.Contain("not --threshold"));
        var (bad, _, error) = CliRunner.Run("evaluate", calibrated, "--labeled", data.LabeledPath, "--vus-buffer", "-1");
        Assert.That((bad, error.Trim()), Is.EqualTo((1, "edgeae: error: --vus-buffer must be ≥ 0, got -1")));
    }

    [Test]
    public void RecalibratingInPlaceIsWhatEvaluateSees()
    {
        // Guards against the optimized-model cache (keyed by graph hash) serving the previous manifest.
        string bundle = data.PathOf("inplace.onnx");
        File.Copy(data.BundlePath, bundle);
        double Alarm(string method)
        {
            Assert.That(CliRunner.Run("calibrate", bundle, "--normal", data.NormalPath, "--method", method, "-o", bundle).Exit, Is.EqualTo(0));
            var (exit, stdout, stderr) = CliRunner.Run("evaluate", bundle, "--labeled", data.LabeledPath, "--json");
            Assert.That(exit, Is.EqualTo(0), stderr);
            return (double)JsonNode.Parse(stdout)!["alarm"]!;
        }
        double quantile = Alarm("quantile"), sigma = Alarm("sigma");
        Assert.That(sigma, Is.Not.EqualTo(quantile));
        Assert.That(sigma, Is.EqualTo(OnnxModelIO.ReadManifest(OnnxModelIO.Load(bundle))!.Thresholds!.Alarm));
    }

    [Test]
    public void F1WithoutLabelledDataIsAUsageError()
    {
        var (exit, _, stderr) = CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--method", "f1", "-o", data.PathOf("x.onnx"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Is.EqualTo("edgeae: error: --method f1 needs --labeled <csv> with a label column"));
    }

    [Test]
    public void BadParametersAreOneLineErrors()
    {
        var (exit, _, stderr) = CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--warning-ratio", "2", "-o", data.PathOf("x.onnx"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.StartWith("edgeae: error: --warning-ratio: must be in (0, 1], got 2"));
        (exit, _, stderr) = CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--method", "median", "-o", data.PathOf("x.onnx"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("unknown threshold method 'median'"));
    }

    [Test]
    public void EvaluatingAnUncalibratedBundleSaysWhatToDo()
    {
        var (exit, _, stderr) = CliRunner.Run("evaluate", data.BundlePath, "--labeled", data.LabeledPath);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("has no thresholds: run `edgeae calibrate` first or give --threshold"));
    }

    [Test]
    public void EvaluateWithoutTheLabelColumnNamesIt()
    {
        var (exit, _, stderr) = CliRunner.Run("evaluate", data.BundlePath, "--labeled", data.NormalPath, "--label-column", "target", "--threshold", "1");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("no label column 'target'"));
    }
}
