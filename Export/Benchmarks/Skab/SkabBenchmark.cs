using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>Runs <see cref="SkabFileRunner"/> over files, several at once, and keeps the input order.</summary>
public static class SkabBenchmark
{
    public static SkabBenchmarkResult Run(IReadOnlyList<SkabRecording> files, SkabOptions options, IProgress<SkabFileResult>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Parallelism < 1) throw new ArgumentException($"parallelism must be ≥ 1, got {options.Parallelism}");
        if (options.Precisions.Count == 0) throw new ArgumentException("no precision to benchmark");
        var clock = Stopwatch.StartNew();
        var results = new SkabFileResult[files.Count];
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, i =>
            {
                results[i] = SkabFileRunner.Run(files[i], options, cancellationToken);
                progress?.Report(results[i]);
            });
        }
        catch (AggregateException e)
        {
            // One clear error (the first file that failed), not a wrapper.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return new SkabBenchmarkResult { Files = results, Precisions = options.Precisions, Wall = clock.Elapsed };
    }
}
