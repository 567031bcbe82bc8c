using System.Text.Json.Nodes;
using EdgeAE.Export.Evaluation;
using EdgeAE.Export.Reports;

namespace EdgeAE.Export.Tests.Evaluation;

public class ReportWriterTests
{
    /// <summary>An hour at 1 s with noisy scores, an anomaly at rows 2000–2299, windows of 30 rows.</summary>
    internal static ReportData Synthetic()
    {
        const int rows = 3600, window = 30;
        var rng = new Random(5);
        var labels = Enumerable.Range(0, rows).Select(r => r is >= 2000 and < 2300).ToArray();
        var times = Enumerable.Range(0, rows).Select(r => new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddSeconds(r)).ToArray();
        var ends = Enumerable.Range(window - 1, rows - window + 1).ToArray();
        var scores = ends.Select(e => (float)(0.1 + 0.05 * rng.NextDouble() + (e is >= 2010 and < 2320 ? 0.3 + 0.1 * rng.NextDouble() : 0))).ToArray();
        var points = PointScores.FromWindows(scores, ends, window, rows);
        const double alarm = 0.2;
        return new ReportData
        {
            Title = "synthetic",
            Bundle = "model.onnx",
            Data = "data.csv",
            Warning = 0.8 * alarm,
            Alarm = alarm,
            WindowScores = scores,
            WindowEndRows = ends,
            PointScores = points,
            Labels = labels,
            RowTimes = times,
            Evaluation = EvaluationResult.Evaluate(points, labels, alarm, times),
            Detector = null,
            CalibrationReason = "test <thresholds>",
        };
    }

    [Test]
    public void WritesPicturesJsonAndHtml()
    {
        string dir = Path.Combine(Path.GetTempPath(), "edgeae-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var data = Synthetic();
            var written = ReportWriter.Write(dir, data, new JsonObject { ["method"] = "quantile" });
            Assert.That(written.Select(Path.GetFileName), Is.EquivalentTo(new[] { "scores.png", "histogram.png", "roc.png", "report.json", "index.html" }));
            foreach (var png in written.Where(p => p.EndsWith(".png")))
            {
                var bytes = File.ReadAllBytes(png);
                Assert.That(bytes.Length, Is.GreaterThan(10_000), png);
                Assert.That(bytes[..4], Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), png);
            }
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!;
            var c = data.Evaluation.Confusion;
            Assert.That((long)json["point"]!["tp"]!, Is.EqualTo(c.TruePositives));
            Assert.That((double)json["point"]!["f1"]!, Is.EqualTo(c.F1).Within(1e-12));
            Assert.That((int)json["point_rule_events"]!["detected"]!, Is.EqualTo(1));
            Assert.That((double)json["vus"]!["pr"]!, Is.EqualTo(data.Evaluation.Vus.Pr).Within(1e-12));
            Assert.That((int)json["vus"]!["max_buffer_rows"]!, Is.EqualTo(100), "no raw data: TSB-AD's get_metrics default");
            Assert.That(json["detector_episodes"], Is.Null);
            Assert.That((int)json["point"]!["excluded_rows"]!, Is.EqualTo(0), "the first window covers rows 0–29");
            Assert.That((string)json["method"]!, Is.EqualTo("quantile"));
            string html = File.ReadAllText(Path.Combine(dir, "index.html"));
            Assert.That(html, Does.Contain("<img src=\"scores.png\"").And.Contain("roc.png").And.Contain("histogram.png"));
            Assert.That(html, Does.Contain("test &lt;thresholds&gt;"), "text is HTML-encoded");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Test]
    public void SyntheticCaseHasTheExpectedMetrics()
    {
        // Windows ending in 2010–2319 carry the anomaly: rows 2010–2290 are covered only by them.
        var r = Synthetic().Evaluation;
        Assert.That(r.Confusion.FalsePositives, Is.EqualTo(0));
        Assert.That(r.Confusion.TruePositives, Is.EqualTo(2290 - 2010 + 1));
        Assert.That(r.Events.Events.Single().DelayRows, Is.EqualTo(10));
        Assert.That(r.Auroc, Is.GreaterThan(0.95));
    }
}
