using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Export.Evaluation;
using EdgeAE.Export.Training;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae bench skab`: the SKAB outlier-detection protocol over every labelled CSV of a directory,
/// run through the product's own trainer, quantizer, calibrator and Runtime scorer. The tuning
/// options are global (applied identically to every file) and default to the benchmark's settings.
/// </summary>
public static class BenchSkabCommand
{
    /// <summary>The `skab` subcommand of `edgeae bench`.</summary>
    public static Command CreateSkab() => Create("skab");

    public static Command Create(string name)
    {
        var d = new SkabOptions();
        var data = new Option<string>("--data") { Description = "Directory searched recursively for CSVs with the label column", Required = true };
        var precision = new Option<string>("--precision") { Description = "fp32 | int8 | both", DefaultValueFactory = _ => "both" };
        precision.AcceptOnlyFromAmong("fp32", "int8", "both");
        var jobs = new Option<int>("--jobs") { Description = "Files processed in parallel (each trains on one thread)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<ulong>("--seed") { Description = "Training seed (same for every file)", DefaultValueFactory = _ => d.Training.Seed };
        var variant = new Option<string>("--variant") { Description = "plain | denoising", DefaultValueFactory = _ => d.Training.Variant == Variant.Denoising ? "denoising" : "plain" };
        variant.AcceptOnlyFromAmong("plain", "denoising");
        var noise = new Option<double>("--noise") { Description = "denoising: Gaussian input noise std (normalized units)", DefaultValueFactory = _ => d.Training.NoiseStd };
        var method = new Option<string>("--method") { Description = "Threshold method on the training rows' scores: quantile | sigma | mad | pot", DefaultValueFactory = _ => ThresholdMethodNames.Name(d.Calibration.Method) };
        method.AcceptOnlyFromAmong("quantile", "sigma", "mad", "pot");
        var q = new Option<double>("--q") { Description = "quantile: level", DefaultValueFactory = _ => d.Calibration.Q };
        var k = new Option<double>("--k") { Description = "sigma, mad: multiplier", DefaultValueFactory = _ => d.Calibration.K };
        var risk = new Option<double>("--risk") { Description = "pot: risk", DefaultValueFactory = _ => d.Calibration.Risk };
        var margin = new Option<double>("--margin") { Description = "Alarm = method threshold × margin", DefaultValueFactory = _ => d.Calibration.Margin };
        var smoothing = new Option<double>("--smoothing") { Description = "EWMA factor of the window score in (0, 1] (1 = none)", DefaultValueFactory = _ => d.SmoothingAlpha };
        var rule = new Option<string>("--rule") { Description = "Window→point rule: all (every covering window exceeds, SKAB) | end (window ending at the row) | level (the device's alarm output, with hysteresis)", DefaultValueFactory = _ => RuleName(d.PointRule) };
        rule.AcceptOnlyFromAmong("all", "end", "level");
        var stages = ScoreRecipeOptions.Stages();
        var reduction = ScoreRecipeOptions.Reduction(ScoreRecipeOptions.Name(d.Training.Reduction));
        var topK = ScoreRecipeOptions.TopK(d.Training.TopK);
        var channelFit = ScoreRecipeOptions.ChannelFit(ScoreRecipeOptions.Name(d.ChannelFit));
        var adaptive = ScoreRecipeOptions.Adaptive(d.Calibration.Adaptive is null ? "none" : "dspot");
        var adaptiveDefaults = d.Calibration.Adaptive ?? new AdaptiveThresholdOptions();
        var adaptiveRisk = ScoreRecipeOptions.AdaptiveRisk(adaptiveDefaults.Risk);
        var adaptiveDepth = ScoreRecipeOptions.AdaptiveDepth(adaptiveDefaults.Depth);
        var adaptiveLevel = ScoreRecipeOptions.AdaptiveLevel(adaptiveDefaults.InitialLevel);
        var raiseAfter = new Option<int>("--raise-after") { Description = "Windows over a level before it is raised", DefaultValueFactory = _ => d.Calibration.RaiseAfter };
        var clearAfter = new Option<int>("--clear-after") { Description = "Windows under the warning level before an episode clears", DefaultValueFactory = _ => d.Calibration.ClearAfter };
        var warningRatio = new Option<double>("--warning-ratio") { Description = "Warning = ratio × alarm", DefaultValueFactory = _ => d.Calibration.WarningRatio };
        var headroom = new Option<double>("--headroom") { Description = "int8: widen every calibrated activation range by this factor", DefaultValueFactory = _ => d.Quantization.Headroom };
        var columns = CommonOptions.Columns();
        var exclude = new Option<string>("--exclude-columns") { Description = "Channels left out when present, comma-separated, or none", DefaultValueFactory = _ => string.Join(',', d.ExcludeColumns) };
        var slow = new Option<double>("--slow-channels") { Description = "Per file, leave out channels whose training rows are mostly slow drift: roughness std(diff)/(√2·std) below this (0 = off)", DefaultValueFactory = _ => d.SlowChannelRoughness };
        var normalData = new Option<string?>("--normal-data") { Description = "Also run the protocol on segments of this normal-only recording (e.g. SKAB's anomaly-free.csv): their false alarms are reported apart" };
        var normalSegment = new Option<int>("--normal-segment") { Description = "Rows per normal-only segment", DefaultValueFactory = _ => 1150 };
        var groups = new Option<string?>("--groups") { Description = "Only these groups (first folder under --data), comma-separated" };
        var cache = new Option<string?>("--model-cache") { Description = "Keep trained models here and reuse them when file and training options are unchanged" };
        var json = CommonOptions.Json();
        var command = new Command(name, "Run the SKAB benchmark protocol (train on the first 400 rows of each file, quantize, calibrate, score the rest; pooled point-wise F1/FAR/MAR)")
        {
            data, precision, jobs, seed, variant, noise, method, q, k, risk, margin, smoothing, rule, stages, reduction, topK, channelFit,
            adaptive, adaptiveRisk, adaptiveDepth, adaptiveLevel, raiseAfter, clearAfter, warningRatio, headroom, columns, exclude, slow,
            normalData, normalSegment, groups, cache, json,
        };
        command.SetAction((r, cancellationToken) =>
        {
            var options = d with
            {
                Precisions = r.GetValue(precision) switch { "fp32" => [Precision.Fp32], "int8" => [Precision.Int8], _ => [Precision.Fp32, Precision.Int8] },
                Parallelism = Positive(r.GetValue(jobs), "--jobs"),
                Training = d.Training with
                {
                    Seed = r.GetValue(seed),
                    Variant = r.GetValue(variant) == "denoising" ? Variant.Denoising : Variant.Plain,
                    NoiseStd = r.GetValue(noise),
                    Preprocessing = r.GetValue(stages) is { Length: > 0 } st ? StageSyntax.ParseAll(st) : d.Training.Preprocessing,
                    Reduction = ScoreRecipeOptions.ParseReduction(r.GetValue(reduction)!),
                    TopK = r.GetValue(reduction) == "top_k" ? r.GetValue(topK) : 0,
                },
                ChannelFit = ScoreRecipeOptions.ParseChannelFit(r.GetValue(channelFit)!),
                Calibration = d.Calibration with
                {
                    Method = ThresholdMethodNames.Parse(r.GetValue(method)!),
                    Q = r.GetValue(q),
                    K = r.GetValue(k),
                    Risk = r.GetValue(risk),
                    Margin = r.GetValue(margin),
                    RaiseAfter = r.GetValue(raiseAfter),
                    ClearAfter = r.GetValue(clearAfter),
                    WarningRatio = r.GetValue(warningRatio),
                    Adaptive = ScoreRecipeOptions.ParseAdaptive(r, adaptive, adaptiveRisk, adaptiveDepth, adaptiveLevel),
                },
                SmoothingAlpha = r.GetValue(smoothing),
                PointRule = r.GetValue(rule) switch { "end" => PointRule.WindowEnd, "level" => PointRule.DetectorLevel, _ => PointRule.AllCoveringWindows },
                Quantization = d.Quantization with { Headroom = r.GetValue(headroom) },
                ModelCache = r.GetValue(cache),
                ExcludeColumns = r.GetValue(exclude) is { } ex && ex != "none" ? ex.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
                Columns = CommonOptions.ReadOptions(r, columns, null, null).Columns,
                SlowChannelRoughness = r.GetValue(slow),
            };
            try
            {
                options.Calibration.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            if (!(options.SmoothingAlpha > 0 && options.SmoothingAlpha <= 1)) throw new UsageException($"--smoothing must be in (0, 1], got {options.SmoothingAlpha}");
            if (!(options.Quantization.Headroom >= 1)) throw new UsageException($"--headroom must be ≥ 1, got {options.Quantization.Headroom}");

            string dir = r.GetValue(data)!;
            var files = SkabFileDiscovery.Find(dir, options.LabelColumn).Select(f => SkabRecording.Labelled(dir, f)).ToList();
            if (r.GetValue(groups) is { } only)
            {
                var wanted = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var unknown = wanted.Where(g => files.All(f => f.Group != g)).ToArray();
                if (unknown.Length > 0) throw new UsageException($"--groups: no group {string.Join(", ", unknown)} under {dir} (have {string.Join(", ", files.Select(f => f.Group).Distinct())})");
                files = files.Where(f => wanted.Contains(f.Group)).ToList();
            }
            if (r.GetValue(normalData) is { } normalPath) files.AddRange(SkabRecording.NormalSegments(normalPath, r.GetValue(normalSegment)));
            bool asJson = r.GetValue(json);
            var result = SkabBenchmark.Run(files, options, asJson ? null : new Progress(options.Precisions), cancellationToken);
            if (asJson) Console.WriteLine(ToJson(result).ToJsonString());
            else PrintPooled(result);
            return Task.FromResult(0);
        });
        return command;
    }

    private static string RuleName(PointRule rule) => rule switch { PointRule.WindowEnd => "end", PointRule.DetectorLevel => "level", _ => "all" };

    private static int Positive(int value, string name) => value >= 1 ? value : throw new UsageException($"{name} must be ≥ 1, got {value}");

    public static JsonObject ToJson(SkabBenchmarkResult result)
    {
        var o = new JsonObject();
        foreach (var p in result.Precisions) o[Name(p)] = Metrics(result.Pooled(p));
        if (result.HasNormalSegments)
        {
            var normal = new JsonObject();
            foreach (var p in result.Precisions) normal[Name(p)] = Metrics(result.PooledNormal(p));
            o["normal_only"] = normal;
        }
        o["files"] = result.LabelledFiles;
        o["wall_s"] = Math.Round(result.Wall.TotalSeconds, 1);
        var files = new JsonArray();
        foreach (var f in result.Files)
        {
            var file = new JsonObject { ["path"] = f.Path, ["group"] = f.Group, ["test_rows"] = f.TestRows, ["epochs"] = f.Epochs };
            if (f.NormalOnly) file["normal_only"] = true;
            if (f.SlowChannels.Count > 0) file["slow_channels"] = new JsonArray(f.SlowChannels.Select(c => (JsonNode?)c).ToArray());
            foreach (var p in result.Precisions)
            {
                var m = Metrics(f.Precisions[p].Confusion);
                m["threshold"] = f.Precisions[p].Threshold;
                file[Name(p)] = m;
            }
            files.Add(file);
        }
        o["per_file"] = files;
        return o;
    }

    private static JsonObject Metrics(ConfusionMatrix c) => new()
    {
        ["f1"] = EvaluationJson.Number(Math.Round(c.F1, 4)),
        ["far"] = EvaluationJson.Number(Math.Round(c.FarPercent, 2)),
        ["mar"] = EvaluationJson.Number(Math.Round(c.MarPercent, 2)),
        ["tp"] = c.TruePositives,
        ["fp"] = c.FalsePositives,
        ["tn"] = c.TrueNegatives,
        ["fn"] = c.FalseNegatives,
    };

    private static string Name(Precision p) => p == Precision.Int8 ? "int8" : "fp32";

    private static string Line(ConfusionMatrix c) =>
        string.Create(CultureInfo.InvariantCulture, $"F1 {c.F1,6:F3}  FAR {c.FarPercent,6:F2} %  MAR {c.MarPercent,6:F2} %");

    private static void PrintPooled(SkabBenchmarkResult result)
    {
        foreach (var p in result.Precisions)
            Console.WriteLine($"pooled {Name(p),-4}  {Line(result.Pooled(p))}  ({result.LabelledFiles} files, {result.Pooled(p).Points:N0} test points)");
        if (result.HasNormalSegments)
            foreach (var p in result.Precisions)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"normal {Name(p),-4}  FAR {result.PooledNormal(p).FarPercent,6:F2} %  ({result.Files.Count - result.LabelledFiles} normal-only segments, {result.PooledNormal(p).Points:N0} test points)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time {result.Wall.TotalSeconds:F1} s"));
    }

    /// <summary>Prints each file as it finishes (files run in parallel, so in completion order).</summary>
    private sealed class Progress(IReadOnlyList<Precision> precisions) : IProgress<SkabFileResult>
    {
        private readonly Lock _gate = new();

        public void Report(SkabFileResult f)
        {
            string line = $"{f.Path,-24} " + string.Join("   ", precisions.Select(p => $"{Name(p)} {Line(f.Precisions[p].Confusion)}"))
                + string.Create(CultureInfo.InvariantCulture, $"   epochs {f.Epochs,3}  {f.Elapsed.TotalSeconds:F1} s")
                + (f.SlowChannels.Count > 0 ? $"   slow: {string.Join(", ", f.SlowChannels)}" : "");
            lock (_gate) Console.WriteLine(line);
        }
    }
}
