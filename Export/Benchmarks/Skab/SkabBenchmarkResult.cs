using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>All files' results and the protocol's pooled (summed) confusion matrices.</summary>
public sealed class SkabBenchmarkResult
{
    public required IReadOnlyList<SkabFileResult> Files { get; init; }
    public required IReadOnlyList<Precision> Precisions { get; init; }
    public required TimeSpan Wall { get; init; }

    /// <summary>The confusion matrix pooled over every labelled file's test rows (SKAB scores this, not a mean of per-file F1).</summary>
    public ConfusionMatrix Pooled(Precision precision) => Pool(Files.Where(f => !f.NormalOnly).Select(f => f.Precisions[precision].Confusion));

    /// <summary>Pooled over the normal-only segments (only false alarms and true negatives).</summary>
    public ConfusionMatrix PooledNormal(Precision precision) => Pool(Files.Where(f => f.NormalOnly).Select(f => f.Precisions[precision].Confusion));

    public bool HasNormalSegments => Files.Any(f => f.NormalOnly);
    public int LabelledFiles => Files.Count(f => !f.NormalOnly);

    public static ConfusionMatrix Pool(IEnumerable<ConfusionMatrix> matrices) =>
        matrices.Aggregate(new ConfusionMatrix(0, 0, 0, 0), (sum, m) => sum + m);
}
