using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Training;

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
        var flags = new SkabFlags();
        var data = new Option<string>("--data") { Description = "Directory searched recursively for CSVs with the label column", Required = true };
        var normalData = new Option<string?>("--normal-data") { Description = "Also run the protocol on segments of this normal-only recording (e.g. SKAB's anomaly-free.csv): their false alarms are reported apart" };
        var normalSegment = new Option<int>("--normal-segment") { Description = "Rows per normal-only segment", DefaultValueFactory = _ => 1150 };
        var groups = new Option<string?>("--groups") { Description = "Only these groups (first folder under --data), comma-separated" };
        var grid = new Option<string?>("--grid") { Description = "Tuning: a file with one candidate configuration per line (bench skab flags applied to the defaults; # comments); each candidate is run, the best on the tuning files is chosen and reported on the held-out files" };
        var tuneOn = new Option<string?>("--tune-on") { Description = "Tuning: choose among the --grid candidates on these groups (comma-separated)" };
        var testOn = new Option<string?>("--test-on") { Description = "Tuning: report the chosen candidate on these groups" };
        var folds = new Option<int>("--folds") { Description = "Tuning: k-fold over recordings (each fold chosen on the other folds); 0 = off", DefaultValueFactory = _ => 0 };
        var farCap = new Option<double>("--far-cap") { Description = "Tuning objective: the highest pooled F1 among candidates with FAR ≤ this (%) on the tuning files and on the normal-only segments; none within it: the lowest FAR", DefaultValueFactory = _ => SkabTuning.DefaultFarCap };
        var json = CommonOptions.Json();
        var command = new Command(name, "Run the SKAB benchmark protocol (train on the first 400 rows of each file, quantize, calibrate, score the rest; pooled point-wise F1/FAR/MAR)")
        {
            data, normalData, normalSegment, groups, grid, tuneOn, testOn, folds, farCap, json,
        };
        flags.AddTo(command);
        command.SetAction((r, cancellationToken) =>
        {
            var options = flags.ToOptions(r);
            string dir = r.GetValue(data)!;
            var files = SkabFileDiscovery.Find(dir, options.LabelColumn).Select(f => SkabRecording.Labelled(dir, f)).ToList();
            if (r.GetValue(groups) is { } only) files = Only(files, only, "--groups", dir);
            if (r.GetValue(normalData) is { } normalPath) files.AddRange(SkabRecording.NormalSegments(normalPath, r.GetValue(normalSegment)));
            bool asJson = r.GetValue(json);

            if (r.GetValue(grid) is { } gridPath)
            {
                var candidates = SkabGridFile.Read(gridPath, r);
                var plan = new SkabTuningPlan
                {
                    Candidates = candidates,
                    FarCap = r.GetValue(farCap),
                    Folds = r.GetValue(folds),
                    TuneOn = Groups(r.GetValue(tuneOn)),
                    TestOn = Groups(r.GetValue(testOn)),
                };
                var tuning = SkabTuning.Run(files, plan, asJson ? null : Console.Out, cancellationToken);
                if (asJson) Console.WriteLine(SkabTuningJson.Of(tuning).ToJsonString());
                else SkabTuningJson.Print(tuning, Console.Out);
                return Task.FromResult(0);
            }
            if (r.GetValue(tuneOn) is not null || r.GetValue(testOn) is not null || r.GetValue(folds) != 0)
                throw new UsageException("--tune-on, --test-on and --folds choose among candidates: give them with --grid FILE");
            var result = SkabBenchmark.Run(files, options, asJson ? null : new Progress(options.Precisions), cancellationToken);
            if (asJson) Console.WriteLine(ToJson(result).ToJsonString());
            else PrintPooled(result);
            return Task.FromResult(0);
        });
        return command;
    }

    private static IReadOnlyList<string> Groups(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<SkabRecording> Only(List<SkabRecording> files, string groups, string flag, string dir)
    {
        var wanted = Groups(groups);
        var unknown = wanted.Where(g => files.All(f => f.Group != g)).ToArray();
        if (unknown.Length > 0) throw new UsageException($"{flag}: no group {string.Join(", ", unknown)} under {dir} (have {string.Join(", ", files.Select(f => f.Group).Distinct())})");
        return files.Where(f => wanted.Contains(f.Group)).ToList();
    }



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

    public static JsonObject Metrics(ConfusionMatrix c) => new()
    {
        ["f1"] = EvaluationJson.Number(Math.Round(c.F1, 4)),
        ["far"] = EvaluationJson.Number(Math.Round(c.FarPercent, 2)),
        ["mar"] = EvaluationJson.Number(Math.Round(c.MarPercent, 2)),
        ["tp"] = c.TruePositives,
        ["fp"] = c.FalsePositives,
        ["tn"] = c.TrueNegatives,
        ["fn"] = c.FalseNegatives,
    };

    public static string Name(Precision p) => p == Precision.Int8 ? "int8" : "fp32";

    public static string Line(ConfusionMatrix c) =>
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
        private readonly Lock gate = new();

        public void Report(SkabFileResult f)
        {
            string line = $"{f.Path,-24} " + string.Join("   ", precisions.Select(p => $"{Name(p)} {Line(f.Precisions[p].Confusion)}"))
                + string.Create(CultureInfo.InvariantCulture, $"   epochs {f.Epochs,3}  {f.Elapsed.TotalSeconds:F1} s")
                + (f.SlowChannels.Count > 0 ? $"   slow: {string.Join(", ", f.SlowChannels)}" : "");
            lock (gate) Console.WriteLine(line);
        }
    }
}
