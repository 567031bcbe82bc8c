using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>One recording's outcome: test-row confusion per precision, and what training did.</summary>
public sealed class SkabFileResult
{
    public required string Path { get; init; }
    /// <summary>What leave-group-out validation holds out together (the first folder, or "normal").</summary>
    public string Group { get; init; } = "";
    /// <summary>A segment of a normal-only recording: only its false alarms count.</summary>
    public bool NormalOnly { get; init; }
    public required int TestRows { get; init; }
    /// <summary>Training epochs run (early stopping); 0 when the model came from the cache.</summary>
    public required int Epochs { get; init; }
    public required IReadOnlyDictionary<Precision, SkabPrecisionResult> Precisions { get; init; }
    public required TimeSpan Elapsed { get; init; }
    /// <summary>Channels the slow-channel screen left out of this file (besides the configured exclusions).</summary>
    public IReadOnlyList<string> SlowChannels { get; init; } = [];
}

/// <summary>One precision's threshold and point-wise confusion on a file's test rows.</summary>
public sealed record SkabPrecisionResult(double Threshold, ConfusionMatrix Confusion);
