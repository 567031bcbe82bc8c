namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>What to tune over and how to hold data out: groups (tune on some, test on others) and/or k folds over recordings.</summary>
public sealed record SkabTuningPlan
{
    public required IReadOnlyList<SkabCandidate> Candidates { get; init; }
    /// <summary>FAR cap (%) of the objective.</summary>
    public double FarCap { get; init; } = SkabTuning.DefaultFarCap;
    /// <summary>Groups the candidate is chosen on (empty with folds or without test groups: all recordings).</summary>
    public IReadOnlyList<string> TuneOn { get; init; } = [];
    /// <summary>Groups the chosen candidate is reported on.</summary>
    public IReadOnlyList<string> TestOn { get; init; } = [];
    /// <summary>k-fold over recordings; 0 = none.</summary>
    public int Folds { get; init; }
}
