namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>A split's chosen candidate and its results where it was chosen (tuned) and where it was not (held out).</summary>
public sealed record SkabSplitResult(int Chosen, SkabMetrics Tuned, SkabMetrics HeldOut);
