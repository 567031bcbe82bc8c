namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>One configuration of a tuning grid: how it was written, and the options it stands for.</summary>
public sealed record SkabCandidate(string Name, SkabOptions Options);
