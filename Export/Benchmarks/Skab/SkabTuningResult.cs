using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>Every candidate's run and, per split, which one was chosen and how it did.</summary>
public sealed class SkabTuningResult
{
    public required SkabTuningPlan Plan { get; init; }
    public required Precision Precision { get; init; }
    public required IReadOnlyList<SkabBenchmarkResult> Runs { get; init; }
    public required IReadOnlyList<string> Recordings { get; init; }
    public SkabSplitResult? GroupSplit { get; set; }
    public IReadOnlyList<SkabSplitResult>? Folds { get; set; }
    /// <summary>The candidate chosen on all recordings (what would become the default: tuned on everything).</summary>
    public int AllChosen { get; set; }

    /// <summary>Held-out folds pooled: the estimate of how the tuning procedure does on recordings it did not see.</summary>
    public SkabMetrics? FoldsHeldOut => Folds?.Select(f => f.HeldOut).Aggregate((a, b) => a + b);
}
