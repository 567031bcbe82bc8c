using EdgeAE.Onnx;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Inference;

namespace EdgeAE.Export.Benchmarks;

public sealed record LatencyBenchOptions
{
    public int Threads { get; init; } = 1;
    public int Batch { get; init; } = 8;
    /// <summary>Minimum timed duration of each measurement (EdgeAE and harness alike).</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(2);
    public int Warmup { get; init; } = 200;
    public int MinIterations { get; init; } = 2000;
    /// <summary>Windows the pipeline must score per measurement (the allocation figure needs ≥ 10,000).</summary>
    public int PipelineWindows { get; init; } = 10_000;
    /// <summary>
    /// Interleaved rounds of harness / EdgeAE / pipeline; each side keeps its best round. On a shared
    /// machine other processes only ever add time, so the best round is the least disturbed one, and
    /// interleaving exposes both sides to the same background load.
    /// </summary>
    public int Rounds { get; init; } = 7;
}

/// <summary>
/// Measures one bundle side by side with the C++ harness: per-inference time both ways, the
/// streaming pipeline's throughput and allocation, file size and FLOPs.
/// </summary>
public static class LatencyBench
{
    public static ModelReport Run(string path, string harness, LatencyBenchOptions options, Action<string>? progress = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"bundle '{path}' does not exist");
        // No optimized-model cache: the harness optimizes at load too, so both run the same graph, and
        // benchmarking leaves no files next to the user's bundles.
        var settings = new InferenceSettings { IntraOpThreads = options.Threads };
        byte[] bytes = File.ReadAllBytes(path);
        using var bundle = Bundle.Load(bytes, path, settings);
        string name = NameOf(path);
        progress?.Invoke($"{name}: FLOPs");
        var (flops, flopsNote) = CountFlops(path);

        HarnessResult? harnessResult = null;
        TimingStats? edgeAe = null, edgeAeBatch = null;
        PipelineResult? hop1 = null;
        bool batched = bundle.MaxBatch >= options.Batch && options.Batch > 1;
        var slice = options.MinDuration / options.Rounds;
        for (int round = 1; round <= options.Rounds; round++)
        {
            progress?.Invoke($"{name}: round {round}/{options.Rounds}: C++ harness, EdgeAE inference, streaming pipeline");
            var h = HarnessRunner.Measure(harness, path, options.Threads, options.Batch, slice);
            harnessResult = harnessResult is null ? h : new HarnessResult(
                Best(harnessResult.Batch1, h.Batch1)!.Value, Best(harnessResult.BatchB, h.BatchB), h.Batch, h.OrtVersion);
            edgeAe = Best(edgeAe, ManagedInferenceBench.Measure(bundle, 1, options.Warmup, options.MinIterations / options.Rounds, slice));
            if (batched)
                edgeAeBatch = Best(edgeAeBatch, ManagedInferenceBench.Measure(bundle, options.Batch, options.Warmup / 4, options.MinIterations / options.Rounds / 4, slice));
            var p = PipelineBench.Measure(bytes, path, settings, hop: 1, options.PipelineWindows);
            // Fastest round for throughput, but the worst round for allocation: any byte counts.
            hop1 = hop1 is null ? p : (p.SamplesPerSecond > hop1.SamplesPerSecond ? p : hop1) with { BytesPerWindow = Math.Max(p.BytesPerWindow, hop1.BytesPerWindow) };
        }
        int half = Math.Max(1, bundle.Manifest.Window / 2);
        progress?.Invoke($"{name}: streaming pipeline at hop {half}");
        var hopHalf = PipelineBench.Measure(bytes, path, settings, hop: half, Math.Max(1000, options.PipelineWindows / 4));

        return new ModelReport
        {
            Name = name,
            Precision = bundle.Manifest.Provenance.Precision.ToString().ToLowerInvariant(),
            Path = Path.GetFullPath(path),
            Flops = flops,
            FlopsNote = flopsNote,
            FileBytes = bundle.FileBytes,
            EdgeAe = edgeAe!.Value,
            EdgeAeBatch = edgeAeBatch,
            Harness = harnessResult!,
            PipelineHop1 = hop1,
            PipelineHopHalf = hopHalf,
        };
    }

    private static TimingStats? Best(TimingStats? a, TimingStats? b) =>
        a is null ? b : b is null ? a : (b.Value.MedianUs < a.Value.MedianUs ? b : a);

    /// <summary>"dense-784.fp32.onnx" → "dense-784": the precision is reported on its own.</summary>
    public static string NameOf(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        foreach (var suffix in new[] { ".fp32", ".int8", "_fp32", "_int8", "-fp32", "-int8" })
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return name[..^suffix.Length];
        return name;
    }

    private static (long?, string?) CountFlops(string path)
    {
        try
        {
            return (FlopCounter.Count(OnnxModelIO.Load(path)), null);
        }
        catch (Exception e) when (e is InputException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return (null, e.Message);
        }
    }
}
