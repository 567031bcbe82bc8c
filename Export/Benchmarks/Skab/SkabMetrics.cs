using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>Pooled confusion of the labelled recordings and of the normal-only segments (null when there are none) in a selection.</summary>
public sealed record SkabMetrics(ConfusionMatrix Labelled, ConfusionMatrix? Normal, int Files)
{
    public static SkabMetrics Of(SkabBenchmarkResult run, Func<SkabFileResult, bool> on, Precision precision)
    {
        var selected = run.Files.Where(on).ToList();
        var labelled = SkabBenchmarkResult.Pool(selected.Where(f => !f.NormalOnly).Select(f => f.Precisions[precision].Confusion));
        var normal = selected.Any(f => f.NormalOnly) ? SkabBenchmarkResult.Pool(selected.Where(f => f.NormalOnly).Select(f => f.Precisions[precision].Confusion)) : (ConfusionMatrix?)null;
        return new SkabMetrics(labelled, normal, selected.Count);
    }

    public static SkabMetrics operator +(SkabMetrics a, SkabMetrics b) => new(
        a.Labelled + b.Labelled,
        a.Normal is null ? b.Normal : b.Normal is null ? a.Normal : a.Normal.Value + b.Normal.Value,
        a.Files + b.Files);
}
