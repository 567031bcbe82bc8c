using System.CommandLine;
using System.Text.Json.Nodes;
using EdgeAE.Export.Benchmarks;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae bench latency BUNDLE...`: EdgeAE against the raw C++ ONNX Runtime harness on this machine;
/// `edgeae bench models --out DIR`: random-weight fp32 bundles of the benchmarked architectures.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmark bundles against raw ONNX Runtime (C++ harness)");
        command.Subcommands.Add(Latency());
        command.Subcommands.Add(Models());
        command.Subcommands.Add(BenchSkabCommand.CreateSkab());
        return command;
    }

    private static Command Latency()
    {
        var bundles = new Argument<string[]>("bundles") { Description = "Bundle .onnx files", Arity = ArgumentArity.OneOrMore };
        var threads = CommonOptions.Threads();
        var batch = new Option<int>("--batch") { Description = "Batch size B for the batched figures", DefaultValueFactory = _ => 8 };
        var seconds = new Option<double>("--seconds") { Description = "Minimum timed seconds per model and side, split over the rounds", DefaultValueFactory = _ => 2.0 };
        var windows = new Option<int>("--windows") { Description = "Windows scored by the streaming pipeline at hop 1 (≥ 10000 for the allocation figure)", DefaultValueFactory = _ => 10_000 };
        var rounds = new Option<int>("--rounds") { Description = "Interleaved measurement rounds; each side keeps its best (least disturbed) round", DefaultValueFactory = _ => 7 };
        var json = CommonOptions.Json();
        var command = new Command("latency", "Per-inference µs of EdgeAE vs the C++ harness, pipeline throughput, bytes/window, FLOPs")
        {
            bundles, threads, batch, seconds, windows, rounds, json,
        };
        command.SetAction(r =>
        {
            var options = new LatencyBenchOptions
            {
                Threads = Positive(r.GetValue(threads), "--threads"),
                Batch = Positive(r.GetValue(batch), "--batch"),
                MinDuration = TimeSpan.FromSeconds(r.GetValue(seconds) is var s && s > 0 && s <= 600 ? s : throw new UsageException($"--seconds must be in (0, 600], got {s}")),
                PipelineWindows = Positive(r.GetValue(windows), "--windows"),
                Rounds = Positive(r.GetValue(rounds), "--rounds"),
            };
            bool asJson = r.GetValue(json);
            string harness = HarnessRunner.Locate();
            var reports = new List<ModelReport>();
            foreach (var path in r.GetValue(bundles)!)
                reports.Add(LatencyBench.Run(path, harness, options, asJson ? null : line => Console.Error.WriteLine($"bench: {line}")));
            if (asJson)
                Console.WriteLine(new JsonObject
                {
                    ["machine"] = MachineInfo.Describe(),
                    ["threads"] = options.Threads,
                    ["models"] = new JsonArray(reports.Select(m => (JsonNode)m.ToJson()).ToArray()),
                }.ToJsonString());
            else
                PrintTable(reports, options);
            return 0;
        });
        return command;
    }

    private static Command Models()
    {
        var output = new Option<string>("--out") { Description = "Directory to write the bundles into", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("models", "Write random-weight fp32 bundles of the benchmarked architectures") { output, json };
        command.SetAction(r =>
        {
            var paths = BenchModels.WriteAll(r.GetValue(output)!);
            if (r.GetValue(json))
                Console.WriteLine(new JsonObject { ["bundles"] = new JsonArray(paths.Select(p => (JsonNode)p).ToArray()) }.ToJsonString());
            else
                foreach (var (path, spec) in paths.Zip(BenchModels.All))
                    Console.WriteLine($"{path}  ({spec.Description})");
            return 0;
        });
        return command;
    }

    private static int Positive(int value, string name) => value >= 1 ? value : throw new UsageException($"{name} must be ≥ 1, got {value}");

    private static void PrintTable(List<ModelReport> reports, LatencyBenchOptions options)
    {
        Console.WriteLine($"machine: {MachineInfo.Describe()}; intra-op threads {options.Threads}; ONNX Runtime {reports.FirstOrDefault()?.Harness.OrtVersion}");
        Console.WriteLine($"{"model",-20} {"prec",-5} {"MFLOP",8} {"EdgeAE µs",10} {"C++ µs",9} {"ratio",6} {$"B={options.Batch} µs/w",11} {"hop1 samp/s",12} {"pipe ratio",10} {"hopW/2 samp/s",14} {"B/window",9} {"file KB",8}");
        foreach (var m in reports)
        {
            string flops = m.Flops is { } f ? (f / 1e6).ToString("0.00") : "?";
            string batched = m.EdgeAeBatch is { } eb && m.Harness.BatchB is { } hb ? $"{eb.MedianUs / options.Batch:0.0}/{hb.MedianUs / options.Batch:0.0}" : "-";
            Console.WriteLine($"{m.Name,-20} {m.Precision,-5} {flops,8} {m.EdgeAe.MedianUs,10:0.0} {m.Harness.Batch1.MedianUs,9:0.0} {m.Ratio,6:0.000} {batched,11} {m.PipelineHop1?.SamplesPerSecond,12:0} {m.PipelineRatio,10:0.000} {m.PipelineHopHalf?.SamplesPerSecond,14:0} {m.PipelineHop1?.BytesPerWindow,9:0.0} {m.FileBytes / 1024.0,8:0.0}");
            if (m.FlopsNote is not null) Console.WriteLine($"  note: {m.FlopsNote}");
        }
    }
}
