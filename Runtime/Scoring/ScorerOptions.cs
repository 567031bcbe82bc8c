using EdgeAE.Runtime.Streaming;

namespace EdgeAE.Runtime.Scoring;

public sealed record ScorerOptions
{
    /// <summary>Windows per ORT run at most. More amortizes per-run overhead; latency is bounded by <see cref="MaxLatency"/>.</summary>
    public int MicroBatch { get; init; } = 1;

    /// <summary>
    /// How long (in stream time, i.e. frame timestamps) a ready window may wait for batch mates
    /// before the batch runs anyway. Zero scores every window as soon as it is complete.
    /// </summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.Zero;

    public BadSamplePolicy BadSamples { get; init; } = BadSamplePolicy.Reject;

    /// <summary>Run the detector when the bundle has thresholds.</summary>
    public bool Detect { get; init; } = true;

    /// <summary>Use the bundle's adaptive threshold when it has one (false: its static levels).</summary>
    public bool AdaptiveThreshold { get; init; } = true;

    /// <summary>Run the bundle's input drift monitor when it has one.</summary>
    public bool MonitorDrift { get; init; } = true;

    public static ScorerOptions Default { get; } = new();

    /// <summary>Offline: big batches, flushed at the end of the data.</summary>
    public static ScorerOptions Offline { get; } = new() { MicroBatch = 32, MaxLatency = TimeSpan.MaxValue };
}
