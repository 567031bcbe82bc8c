using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Export.Evaluation;
using EdgeAE.Export.Reports;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae evaluate`: score labelled data with the Runtime scorer and report point-wise (SKAB
/// protocol), ranking (AUROC, AUPRC, VUS), affiliation, point-adjusted and event-level metrics at the
/// bundle's alarm threshold, the detector's episodes beside the point rule's events; optionally a report directory.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { Description = "Calibrated EdgeAE bundle (.onnx)" };
        var labeled = new Option<string>("--labeled") { Description = "Labelled data: CSV with header and a 0/1 label column", Required = true };
        var labelColumn = CommonOptions.LabelColumn("anomaly");
        var columns = CommonOptions.Columns();
        var rows = CommonOptions.Rows();
        var threshold = new Option<double?>("--threshold") { Description = "Alarm level to evaluate instead of the bundle's" };
        var report = new Option<string?>("--report") { Description = "Directory for report.json, PNG plots and index.html" };
        var vusBuffer = new Option<int?>("--vus-buffer")
        {
            Description = "Largest VUS buffer length in rows (default: TSB-AD's choice, the autocorrelation period of the first channel, 125 when none is found)",
        };
        var threads = CommonOptions.Threads();
        var byPosition = CommonOptions.ByPosition();
        var json = CommonOptions.Json();
        var command = new Command("evaluate", "Precision/recall/F1/FAR/MAR/AUROC/AUPRC/VUS, affiliation and event-level metrics of a bundle on labelled data")
        {
            bundle, labeled, labelColumn, columns, rows, byPosition, threshold, report, vusBuffer, threads, json,
        };
        command.SetAction(r =>
        {
            string bundlePath = r.GetValue(bundle)!, dataPath = r.GetValue(labeled)!;
            // A one-shot offline run: leave no optimized-model cache file beside the user's bundle.
            using var b = Bundle.Load(bundlePath, new InferenceSettings { IntraOpThreads = r.GetValue(threads) });
            var m = b.Manifest;
            double alarm = r.GetValue(threshold) ?? m.Thresholds?.Alarm
                ?? throw new UsageException($"{bundlePath} has no thresholds: run `edgeae calibrate` first or give --threshold");
            if (!(alarm >= 0) || !double.IsFinite(alarm)) throw new UsageException($"--threshold must be finite and ≥ 0, got {alarm}");
            double warning = r.GetValue(threshold) is null ? m.Thresholds!.Warning : alarm * (m.Thresholds is { } t && t.Alarm > 0 ? t.Warning / t.Alarm : 0.8);

            if (r.GetValue(vusBuffer) is < 0) throw new UsageException($"--vus-buffer must be ≥ 0, got {r.GetValue(vusBuffer)}");

            var table = SensorDataReader.Read(dataPath, CommonOptions.ReadOptions(r, columns, rows, null, labelColumn));
            // An explicit --threshold is a static level: the adaptive one (if any) is then not used.
            var scoring = r.GetValue(threshold) is null ? ScorerOptions.Offline : ScorerOptions.Offline with { AdaptiveThreshold = false };
            var run = LabeledScoring.Score(b, ChannelMatcher.Match(table, m, r.GetValue(byPosition)), scoring);
            if (run.Series.Count == 0) throw NoWindowsError.For(dataPath, table, run.Series, m, "to evaluate");
            var buffer = r.GetValue(vusBuffer) is { } given ? new VusBuffer(given, "--vus-buffer") : run.TsbVusBuffer();
            var evaluation = EvaluationResult.Evaluate(run.PointScores, run.Labels, run.FlagLevel(alarm), run.RowTimes, buffer);
            var episodes = m.Thresholds is null ? null : run.Episodes();

            var o = EvaluationJson.Of(evaluation, episodes);
            o["bundle"] = bundlePath;
            o["data"] = dataPath;
            o["warning"] = warning;
            o["alarm"] = alarm;
            o["adaptive"] = run.Adaptive;
            o["windows"] = run.Series.Count;
            o["rows"] = table.Rows;
            if (r.GetValue(report) is { } dir)
            {
                var data = new ReportData
                {
                    Title = Path.GetFileName(dataPath),
                    Bundle = bundlePath,
                    Data = dataPath,
                    Warning = warning,
                    Alarm = alarm,
                    WindowScores = run.Series.Scores,
                    WindowEndRows = run.Series.EndRows,
                    PointScores = run.PointScores,
                    Labels = run.Labels,
                    RowTimes = run.RowTimes,
                    Evaluation = evaluation,
                    Detector = episodes,
                    CalibrationReason = m.Thresholds?.Calibration?.Reason,
                };
                var method = new JsonObject { ["calibration_method"] = m.Thresholds?.Calibration?.Method };
                ReportWriter.Write(dir, data, method);
                o["report"] = Path.Combine(dir, "index.html");
            }
            if (r.GetValue(json)) Console.WriteLine(o.ToJsonString());
            else PrintText(evaluation, run, episodes, alarm, m.Thresholds?.Alarm, r.GetValue(report));
            return 0;
        });
        return command;
    }

    private static void PrintText(EvaluationResult e, LabeledScoring run, DetectorEpisodes? episodes, double alarm, double? bundleAlarm, string? report)
    {
        var inv = CultureInfo.InvariantCulture;
        var c = e.Confusion;
        var a = e.Affiliation;
        Console.WriteLine(string.Create(inv, $"windows     {run.Series.Count:N0} over {run.Table.Rows:N0} rows ({e.ExcludedRows} rows without a covering window excluded)"));
        if (run.Adaptive)
            Console.WriteLine(string.Create(inv, $"alarm       adaptive (DSPOT, starting at {alarm:G6}): each window is judged against the level it met, as on the device; point scores are margins over it (point rule: a row is flagged when every window covering it is above its level)"));
        else
            Console.WriteLine(string.Create(inv, $"alarm       {alarm:G6} (point rule: a row is flagged when every window covering it is above it)"));
        Console.WriteLine(string.Create(inv, $"point-wise  precision {c.Precision:F3}  recall {c.Recall:F3}  F1 {c.F1:F3}  FAR {c.FarPercent:F2} %  MAR {c.MarPercent:F2} %"));
        Console.WriteLine(string.Create(inv, $"ranking     AUROC {e.Auroc:F4}  AUPRC {e.Auprc:F4}  VUS-ROC {e.Vus.Roc:F4}  VUS-PR {e.Vus.Pr:F4} (buffers 0–{e.Vus.MaxBuffer} rows: {e.VusBufferSource})"));
        Console.WriteLine(string.Create(inv, $"affiliation precision {a.Precision:F3}  recall {a.Recall:F3}  F1 {a.F1:F3} (Huet et al. 2022: flagged rows' distance to each event against a random predictor)"));
        Console.WriteLine(string.Create(inv, $"point-adjusted F1 {e.PointAdjusted.F1:F3} ({PointAdjusted.Caveat})"));
        Console.WriteLine(string.Create(inv, $"confusion   TP {c.TruePositives}  FP {c.FalsePositives}  TN {c.TrueNegatives}  FN {c.FalseNegatives}"));
        Console.WriteLine(string.Create(inv, $"{EventViews.PointRule}: {e.Events.Detected}/{e.Events.Events.Count} detected, {e.Events.Missed} missed, {e.Events.FalseAlarmEvents} false-alarm run(s), mean delay {e.Events.MeanDelayRows:F1} rows / {e.Events.MeanDelaySeconds:F1} s"));
        if (episodes is not null)
        {
            string level = bundleAlarm is { } ba && ba != alarm ? string.Create(inv, $" at the bundle's alarm {ba:G6}, not --threshold") : "";
            Console.WriteLine(string.Create(inv, $"{EventViews.Detector}{level}: {episodes.AlarmEpisodes.Count} alarm episode(s), {episodes.FalseAlarmEpisodes} false ({episodes.FalseAlarmsPerDay:G3}/day), {episodes.DetectedEvents}/{episodes.LabelledEvents} labelled events alarmed"));
            if (EventViews.Compare(e.Events, episodes).Disagreement() is { } disagreement) Console.WriteLine(disagreement);
        }
        if (report is not null) Console.WriteLine($"report      {Path.Combine(report, "index.html")}");
    }
}
