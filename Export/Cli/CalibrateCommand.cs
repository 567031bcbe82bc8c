using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Export.Evaluation;
using EdgeAE.Onnx;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae calibrate`: score normal data with the Runtime's streaming scorer, derive warning and
/// alarm levels, and write them (with hysteresis, method and normal-score quantiles) into the bundle.
/// </summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { Description = "EdgeAE bundle (.onnx) to calibrate" };
        var normal = new Option<string>("--normal") { Description = "Normal (anomaly-free) data: CSV with header, or .f32 with --channels", Required = true };
        var columns = CommonOptions.Columns();
        var rows = CommonOptions.Rows();
        var channels = CommonOptions.Channels();
        var labeled = new Option<string?>("--labeled") { Description = "Labelled data (needed by --method f1; otherwise evaluated with the chosen thresholds)" };
        var labelColumn = CommonOptions.LabelColumn("anomaly");
        var calibrationFlags = new CalibrationFlags();
        var output = new Option<string>("--output", "-o") { Description = "Calibrated bundle to write (may be the input)", Required = true };
        var threads = CommonOptions.Threads();
        var byPosition = CommonOptions.ByPosition();
        var fewWindows = new Option<bool>("--allow-few-windows") { Description = "quantile: calibrate even from fewer windows than 1/(1 − q) (the level is then just the largest score seen)" };
        var json = CommonOptions.Json();
        var command = new Command("calibrate", "Derive warning/alarm thresholds from normal data and write them into the bundle")
        {
            bundle, normal, columns, rows, channels, labeled, labelColumn, output, byPosition, fewWindows, threads, json,
        };
        calibrationFlags.AddTo(command);
        command.SetAction(r =>
        {
            string bundlePath = r.GetValue(bundle)!, normalPath = r.GetValue(normal)!;
            var thresholdMethod = ThresholdMethodNames.Parse(r.GetValue(calibrationFlags.Method)!);
            // A one-shot offline run: leave no optimized-model cache file beside the user's bundle.
            using var b = Bundle.Load(bundlePath, new InferenceSettings { IntraOpThreads = r.GetValue(threads) });
            var m = b.Manifest;
            var scoring = ScorerOptions.Offline with { Detect = false };

            var table = ChannelMatcher.Match(SensorDataReader.Read(normalPath, CommonOptions.ReadOptions(r, columns, rows, channels)), m, r.GetValue(byPosition));
            var series = OfflineScorer.Score(b, table, scoring);
            if (series.Count == 0) throw NoWindowsError.For(normalPath, table, series, m, "to calibrate on");

            // Same graph, new manifest: the graph hash stays; score standardization, thresholds and drift reference change.
            var model = OnnxModelIO.Load(bundlePath);
            var manifest = OnnxModelIO.ReadManifest(model) ?? throw new BundleException("manifest", $"{bundlePath} has no {BundleManifest.MetadataKey} metadata");
            var (scoreSpec, normalScores) = ScoreSpecFit.Fit(manifest.Score, series, calibrationFlags.ChannelFit(r));
            manifest.Score = scoreSpec;

            LabeledScoring? labelledRun = null;
            if (r.GetValue(labeled) is { } labeledPath)
            {
                var readOptions = CommonOptions.ReadOptions(r, columns, null, channels, labelColumn);
                // Labelled windows are scored under the new score spec.
                using var rescored = Bundle.Load(OnnxModelIO.WithManifest(model, manifest), settings: new InferenceSettings { IntraOpThreads = r.GetValue(threads) });
                labelledRun = LabeledScoring.Score(rescored, ChannelMatcher.Match(SensorDataReader.Read(labeledPath, readOptions), m, r.GetValue(byPosition)), scoring);
            }
            else if (thresholdMethod == ThresholdMethod.F1)
                throw new UsageException("--method f1 needs --labeled <csv> with a label column");

            TimeSpan windowPeriod = WindowPeriod.Of(table, m.Hop, WindowPeriod.Seconds(r.GetValue(calibrationFlags.SamplePeriod)));
            if (thresholdMethod == ThresholdMethod.Far && windowPeriod <= TimeSpan.Zero)
                throw new UsageException($"--method far needs the data's sample period: {normalPath} has no time column, give --sample-period <seconds>");

            var options = calibrationFlags.Thresholds(r, m.Thresholds, windowPeriod);
            var driftOptions = calibrationFlags.Drift(r);
            if (thresholdMethod == ThresholdMethod.Quantile)
                CheckQuantileWindows(options.Q, series.Count, normalPath, r.GetValue(fewWindows));
            var labelledScores = labelledRun is null ? null : new LabeledScores(labelledRun.PointScores, labelledRun.Labels);
            var result = ThresholdCalibrator.Calibrate(normalScores, options, labelledScores);
            manifest.Thresholds = result.ToThresholdSpec(OnnxModelFile.FileSha256(normalPath));
            manifest.Drift = driftOptions is null ? null : DriftReferenceFit.Fit(table, driftOptions);
            string outputPath = r.GetValue(output)!;
            OnnxModelIO.WriteBundle(model, manifest, outputPath);

            var evaluation = labelledRun is null ? null
                : EvaluationResult.Evaluate(labelledRun.PointScores, labelledRun.Labels, result.Alarm, labelledRun.RowTimes);
            if (r.GetValue(json)) Console.WriteLine(ToJson(result, manifest, outputPath, series.Count, evaluation).ToJsonString());
            else PrintText(result, manifest, outputPath, evaluation);
            return 0;
        });
        return command;
    }

    /// <summary>Refuses (or, forced, warns about) a quantile level the data cannot estimate.</summary>
    private static void CheckQuantileWindows(double q, int windows, string path, bool force)
    {
        long minimum = Quantiles.MinimumWindows(q);
        var inv = CultureInfo.InvariantCulture;
        if (windows < minimum)
        {
            string lower = string.Create(inv, $"{1 - 1.0 / windows:0.####}");
            string problem = string.Create(inv, $"--q {q} needs at least {minimum} windows of normal data, {path} gives {windows}: below that the {q} quantile is just the largest score seen");
            if (!force)
                throw new UsageException($"{problem}; give more data, --q {lower} or lower, or --allow-few-windows");
            Console.Error.WriteLine($"edgeae: warning: {problem} (--allow-few-windows)");
        }
        else if (windows < Quantiles.StableWindows(q))
            Console.Error.WriteLine(string.Create(inv, $"edgeae: warning: --q {q} from {windows} windows rests on about {windows * (1 - q):0.#} window(s) above the level; {Quantiles.StableWindows(q)} windows give a stable estimate"));
    }

    private static JsonObject ToJson(CalibrationResult result, BundleManifest manifest, string output, int windows, EvaluationResult? evaluation)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in result.Parameters) parameters[key] = EvaluationJson.Number(value);
        var quantiles = new JsonObject();
        foreach (var (key, value) in result.NormalQuantiles) quantiles[key] = EvaluationJson.Number(value);
        var o = new JsonObject
        {
            ["method"] = result.MethodName,
            ["warning"] = result.Warning,
            ["alarm"] = result.Alarm,
            ["raise_after"] = result.RaiseAfter,
            ["clear_after"] = result.ClearAfter,
            ["parameters"] = parameters,
            ["normal_quantiles"] = quantiles,
            ["windows"] = windows,
            ["reason"] = result.Reason,
            ["channel_normalization"] = manifest.Score.ChannelNormalization?.Fit ?? "none",
            ["adaptive"] = result.Adaptive is { } a ? new JsonObject { ["method"] = a.Method, ["risk"] = a.Risk, ["depth"] = a.Depth, ["initial_threshold"] = a.InitialThreshold, ["peaks"] = a.Peaks.Length } : null,
            ["drift"] = manifest.Drift is { } d ? new JsonObject { ["method"] = d.Method, ["delta"] = d.Delta, ["lambda"] = d.Lambda } : null,
            ["output"] = output,
        };
        if (evaluation is not null) o["labeled"] = EvaluationJson.Of(evaluation);
        return o;
    }

    private static void PrintText(CalibrationResult result, BundleManifest manifest, string output, EvaluationResult? evaluation)
    {
        var inv = CultureInfo.InvariantCulture;
        if (manifest.Score.ChannelNormalization is { } cn)
            Console.WriteLine(string.Create(inv, $"channels    each channel's error standardized ({cn.Fit}, {cn.Windows:N0} normal windows), then {manifest.Score.Reduction.ToString().ToLowerInvariant()}"));
        Console.WriteLine(string.Create(inv, $"method      {result.MethodName}"));
        Console.WriteLine(string.Create(inv, $"alarm       {result.Alarm:G6}"));
        Console.WriteLine(string.Create(inv, $"warning     {result.Warning:G6}"));
        Console.WriteLine(string.Create(inv, $"hysteresis  raise after {result.RaiseAfter} window(s), clear after {result.ClearAfter} window(s)"));
        Console.WriteLine("normal      " + string.Join("  ", result.NormalQuantiles.Select(kv => string.Create(inv, $"{kv.Key} {kv.Value:G5}"))) + string.Create(inv, $"  ({result.Windows:N0} windows)"));
        Console.WriteLine("why         " + result.Reason);
        if (manifest.Drift is { } d)
            Console.WriteLine(string.Create(inv, $"drift       Page–Hinkley per channel against the normal data's mean/std: δ {d.Delta:G3} σ, λ {d.Lambda:G4} (a 2σ shift is reported after ≈ {d.Lambda / Math.Max(1e-9, 2 - d.Delta):F0} frames)"));
        if (evaluation is not null)
        {
            var c = evaluation.Confusion;
            Console.WriteLine(string.Create(inv, $"labelled    F1 {c.F1:F3}  precision {c.Precision:F3}  recall {c.Recall:F3}  FAR {c.FarPercent:F2} %  MAR {c.MarPercent:F2} %  events detected {evaluation.Events.Detected}/{evaluation.Events.Events.Count}, false-alarm events {evaluation.Events.FalseAlarmEvents}"));
        }
        Console.WriteLine($"wrote       {output}");
    }
}
