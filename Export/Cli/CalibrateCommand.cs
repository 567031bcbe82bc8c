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
        var method = new Option<string>("--method") { Description = "quantile | sigma | mad | pot | f1 | far", DefaultValueFactory = _ => "quantile" };
        var q = new Option<double>("--q") { Description = "quantile: level of the alarm threshold", DefaultValueFactory = _ => 0.999 };
        var k = new Option<double>("--k") { Description = "sigma, mad: multiplier", DefaultValueFactory = _ => 3 };
        var risk = new Option<double>("--risk") { Description = "pot: probability that a normal window exceeds the alarm level", DefaultValueFactory = _ => 1e-4 };
        var potLevel = new Option<double>("--pot-level") { Description = "pot: level of the initial threshold the tail is fitted above", DefaultValueFactory = _ => 0.98 };
        var farPerDay = new Option<double>("--far-per-day") { Description = "far: allowed false alarm episodes per day of normal data", DefaultValueFactory = _ => 1 };
        var samplePeriod = new Option<double?>("--sample-period") { Description = "far: seconds between rows when the data has no time column" };
        var warningRatio = new Option<double>("--warning-ratio") { Description = "warning level = ratio × alarm level", DefaultValueFactory = _ => 0.8 };
        var margin = new Option<double>("--margin") { Description = "multiply the method's alarm threshold (SKAB's Conv-AE: 1.3333)", DefaultValueFactory = _ => 1 };
        var raiseAfter = new Option<int?>("--raise-after") { Description = "windows over a level before it is raised (default: the bundle's, else 1)" };
        var clearAfter = new Option<int?>("--clear-after") { Description = "windows under the warning level before an episode clears (default: the bundle's, else 1)" };
        var channelFit = ScoreRecipeOptions.ChannelFitOrKeep("keep");
        var adaptive = ScoreRecipeOptions.Adaptive("none");
        var adaptiveDefaults = new AdaptiveThresholdOptions();
        var adaptiveRisk = ScoreRecipeOptions.AdaptiveRisk(adaptiveDefaults.Risk);
        var adaptiveDepth = ScoreRecipeOptions.AdaptiveDepth(adaptiveDefaults.Depth);
        var adaptiveLevel = ScoreRecipeOptions.AdaptiveLevel(adaptiveDefaults.InitialLevel);
        var driftDefaults = new DriftOptions();
        var drift = ScoreRecipeOptions.Drift("page_hinkley");
        var driftDelta = ScoreRecipeOptions.DriftDelta(driftDefaults.Delta);
        var driftLambda = ScoreRecipeOptions.DriftLambda(driftDefaults.Lambda);
        var output = new Option<string>("--output", "-o") { Description = "Calibrated bundle to write (may be the input)", Required = true };
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("calibrate", "Derive warning/alarm thresholds from normal data and write them into the bundle")
        {
            bundle, normal, columns, rows, channels, labeled, labelColumn, method, q, k, risk, potLevel, farPerDay, samplePeriod,
            warningRatio, margin, raiseAfter, clearAfter, channelFit, adaptive, adaptiveRisk, adaptiveDepth, adaptiveLevel, drift, driftDelta, driftLambda,
            output, threads, json,
        };
        command.SetAction(r =>
        {
            string bundlePath = r.GetValue(bundle)!, normalPath = r.GetValue(normal)!;
            var thresholdMethod = ThresholdMethodNames.Parse(r.GetValue(method)!);
            // A one-shot offline run: leave no optimized-model cache file beside the user's bundle.
            using var b = Bundle.Load(bundlePath, new InferenceSettings { IntraOpThreads = r.GetValue(threads), CacheOptimizedModel = false });
            var m = b.Manifest;
            var scoring = ScorerOptions.Offline with { Detect = false };

            var table = ChannelMatcher.Match(SensorDataReader.Read(normalPath, CommonOptions.ReadOptions(r, columns, rows, channels)), m);
            var series = OfflineScorer.Score(b, table, scoring);
            if (series.Count == 0)
                throw new InputException(normalPath, $"{table.Rows} rows give no window of {m.Window} rows to calibrate on");

            // Same graph, new manifest: the graph hash stays; score standardization, thresholds and drift reference change.
            var model = OnnxModelIO.Load(bundlePath);
            var manifest = OnnxModelIO.ReadManifest(model) ?? throw new BundleException("manifest", $"{bundlePath} has no {BundleManifest.MetadataKey} metadata");
            var (scoreSpec, normalScores) = ScoreSpecFit.Fit(manifest.Score, series, ScoreRecipeOptions.ParseChannelFitOrKeep(r.GetValue(channelFit)!));
            manifest.Score = scoreSpec;

            LabeledScoring? labelledRun = null;
            if (r.GetValue(labeled) is { } labeledPath)
            {
                var readOptions = CommonOptions.ReadOptions(r, columns, null, channels, labelColumn);
                // Labelled windows are scored under the new score spec.
                using var rescored = Bundle.Load(OnnxModelIO.WithManifest(model, manifest), settings: new InferenceSettings { IntraOpThreads = r.GetValue(threads), CacheOptimizedModel = false });
                labelledRun = LabeledScoring.Score(rescored, ChannelMatcher.Match(SensorDataReader.Read(labeledPath, readOptions), m), scoring);
            }
            else if (thresholdMethod == ThresholdMethod.F1)
                throw new UsageException("--method f1 needs --labeled <csv> with a label column");

            TimeSpan windowPeriod = WindowPeriod.Of(table, m.Hop, WindowPeriod.Seconds(r.GetValue(samplePeriod)));
            if (thresholdMethod == ThresholdMethod.Far && windowPeriod <= TimeSpan.Zero)
                throw new UsageException($"--method far needs the data's sample period: {normalPath} has no time column, give --sample-period <seconds>");

            var options = new CalibrationOptions
            {
                Method = thresholdMethod,
                Q = r.GetValue(q),
                K = r.GetValue(k),
                Risk = r.GetValue(risk),
                PotInitialLevel = r.GetValue(potLevel),
                FarPerDay = r.GetValue(farPerDay),
                WindowPeriod = windowPeriod,
                WarningRatio = r.GetValue(warningRatio),
                Margin = r.GetValue(margin),
                RaiseAfter = r.GetValue(raiseAfter) ?? m.Thresholds?.RaiseAfter ?? 1,
                ClearAfter = r.GetValue(clearAfter) ?? m.Thresholds?.ClearAfter ?? 1,
                Adaptive = ScoreRecipeOptions.ParseAdaptive(r, adaptive, adaptiveRisk, adaptiveDepth, adaptiveLevel),
            };
            var driftOptions = ScoreRecipeOptions.ParseDrift(r, drift, driftDelta, driftLambda);
            options.Validate();
            var labelledScores = labelledRun is null ? null : new LabeledScores(labelledRun.PointScores, labelledRun.Labels);
            CalibrationResult result;
            try
            {
                try
                {
                    driftOptions?.Validate();
                }
                catch (InvalidParameterException e)
                {
                    // DriftOptions names its own property; here it is set by --drift-<name>.
                    throw new InvalidParameterException($"Drift.{e.Parameter}", e.Problem);
                }
                result = ThresholdCalibrator.Calibrate(normalScores, options, labelledScores);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
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
