using EdgeAE.Export.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Inference;

namespace EdgeAE.Export.Benchmarks;

public sealed record LatencyBenchOptions
{
    public int Threads { get; init; } = 1;
    public int Batch { get; init; } = 8;
    /// <summary>Minimum timed duration of each measurement (EdgeAE and harness alike).</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(1);
    public int Warmup { get; init; } = 200;
    public int MinIterations { get; init; } = 2000;
    /// <summary>Windows the pipeline must score per measurement (the allocation figure needs ≥ 10,000).</summary>
    public int PipelineWindows { get; init; } = 10_000;
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
        var settings = new InferenceSettings { IntraOpThreads = options.Threads, CacheOptimizedModel = false };
        byte[] bytes = File.ReadAllBytes(path);
        using var bundle = Bundle.Load(bytes, path, settings);
        string name = NameOf(path);
        progress?.Invoke($"{name}: FLOPs");
        var (flops, flopsNote) = CountFlops(path);

        progress?.Invoke($"{name}: C++ harness");
        var harnessResult = HarnessRunner.Measure(harness, path, options.Threads, options.Batch, options.MinDuration);

        progress?.Invoke($"{name}: EdgeAE inference");
        var edgeAe = ManagedInferenceBench.Measure(bundle, 1, options.Warmup, options.MinIterations, options.MinDuration);
        TimingStats? edgeAeBatch = bundle.MaxBatch >= options.Batch && options.Batch > 1
            ? ManagedInferenceBench.Measure(bundle, options.Batch, options.Warmup / 4, options.MinIterations / 4, options.MinDuration)
            : null;

        progress?.Invoke($"{name}: streaming pipeline");
        PipelineResult? hop1 = null, hopHalf = null;

        return new ModelReport
        {
            Name = name,
            Precision = bundle.Manifest.Provenance.Precision.ToString().ToLowerInvariant(),
            Path = Path.GetFullPath(path),
            Flops = flops,
            FlopsNote = flopsNote,
            FileBytes = bundle.FileBytes,
            EdgeAe = edgeAe,
            EdgeAeBatch = edgeAeBatch,
            Harness = harnessResult,
            PipelineHop1 = hop1,
            PipelineHopHalf = hopHalf,
        };
    }

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
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }
    }
}
