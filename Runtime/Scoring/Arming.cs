using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Scoring;

/// <summary>When an offline run arms its detector: just before table row <see cref="Row"/>, with <see cref="Thresholds"/>.</summary>
public sealed record Arming(int Row, ThresholdSpec Thresholds);
