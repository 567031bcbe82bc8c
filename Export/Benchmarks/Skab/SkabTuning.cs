using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>
/// Honest tuning: every candidate configuration is run on every recording once (results are shared
/// between splits), a candidate is chosen on one part of the recordings only, and reported on the
/// part it was not chosen on. Two splits: by group (<c>--tune-on</c> / <c>--test-on</c>) and k folds
/// over recordings (each fold's candidate chosen on the other folds, the held-out confusion matrices
/// pooled). The objective: the highest pooled F1 among candidates whose pooled FAR — on the labelled
/// tuning files and, if there are any, on the normal-only segments among them — is at most the cap;
/// if none is within it, the lowest FAR. The int8 results decide when int8 was run (the board runs
/// int8), else fp32.
/// </summary>
public static class SkabTuning
{
    public const double DefaultFarCap = 10;

    public static SkabTuningResult Run(IReadOnlyList<SkabRecording> files, SkabTuningPlan plan, TextWriter? progress = null, CancellationToken cancellationToken = default)
    {
        if (plan.Candidates.Count == 0) throw new InvalidParameterException(nameof(plan.Candidates), "has no candidate to tune over");
        if (plan.Folds == 1 || plan.Folds < 0) throw new InvalidParameterException(nameof(plan.Folds), $"must be 0 (off) or ≥ 2, got {plan.Folds}");
        bool groupSplit = plan.TuneOn.Count > 0 || plan.TestOn.Count > 0;
        if (groupSplit && (plan.TuneOn.Count == 0 || plan.TestOn.Count == 0))
            throw new InvalidParameterException(plan.TuneOn.Count == 0 ? nameof(plan.TuneOn) : nameof(plan.TestOn), "is needed too: tuning groups and test groups go together");
        if (groupSplit && plan.TuneOn.Intersect(plan.TestOn).Any())
            throw new InvalidParameterException(nameof(plan.TestOn), $"group {plan.TuneOn.Intersect(plan.TestOn).First()} is both tuned and tested on");
        foreach (string g in plan.TuneOn.Concat(plan.TestOn))
            if (files.All(f => f.Group != g))
                throw new InvalidParameterException(plan.TuneOn.Contains(g) ? nameof(plan.TuneOn) : nameof(plan.TestOn), $"no recording in group '{g}' (have {string.Join(", ", files.Select(f => f.Group).Distinct())})");
        if (plan.Folds > files.Count(f => !f.NormalOnly))
            throw new InvalidParameterException(nameof(plan.Folds), $"{plan.Folds} folds for {files.Count(f => !f.NormalOnly)} labelled recordings");

        var used = plan.Folds >= 2 || !groupSplit ? files : files.Where(f => plan.TuneOn.Contains(f.Group) || plan.TestOn.Contains(f.Group)).ToList();
        var runs = new SkabBenchmarkResult[plan.Candidates.Count];
        for (int c = 0; c < plan.Candidates.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs[c] = SkabBenchmark.Run(used, plan.Candidates[c].Options, cancellationToken: cancellationToken);
            progress?.WriteLine($"candidate {c + 1}/{plan.Candidates.Count} ({runs[c].Wall.TotalSeconds:F0} s): {Describe(runs[c], _ => true)}  [{plan.Candidates[c].Name}]");
        }
        return Evaluate(runs, used, plan);
    }

    /// <summary>The splits and choices over runs already made (one per candidate, over <paramref name="used"/>).</summary>
    public static SkabTuningResult Evaluate(IReadOnlyList<SkabBenchmarkResult> runs, IReadOnlyList<SkabRecording> used, SkabTuningPlan plan)
    {
        bool groupSplit = plan.TuneOn.Count > 0;
        var precision = runs[0].Precisions.Contains(Precision.Int8) ? Precision.Int8 : Precision.Fp32;
        var result = new SkabTuningResult
        {
            Plan = plan,
            Precision = precision,
            Runs = runs,
            Recordings = used.Select(f => f.Name).ToArray(),
        };

        if (groupSplit)
        {
            bool Tune(SkabFileResult f) => plan.TuneOn.Contains(f.Group);
            bool Test(SkabFileResult f) => plan.TestOn.Contains(f.Group);
            int chosen = Choose(runs, Tune, precision, plan.FarCap);
            result.GroupSplit = new SkabSplitResult(chosen, SkabMetrics.Of(runs[chosen], Tune, precision), SkabMetrics.Of(runs[chosen], Test, precision));
        }
        if (plan.Folds >= 2)
        {
            // Labelled recordings and normal-only segments are dealt round-robin into folds separately,
            // so every fold has both kinds.
            var fold = new Dictionary<string, int>();
            int i = 0, j = 0;
            foreach (var f in used)
                fold[f.Name] = f.NormalOnly ? j++ % plan.Folds : i++ % plan.Folds;
            var folds = new List<SkabSplitResult>();
            for (int k = 0; k < plan.Folds; k++)
            {
                int held = k;
                bool Tune(SkabFileResult f) => fold[f.Path] != held;
                bool Test(SkabFileResult f) => fold[f.Path] == held;
                int chosen = Choose(runs, Tune, precision, plan.FarCap);
                folds.Add(new SkabSplitResult(chosen, SkabMetrics.Of(runs[chosen], Tune, precision), SkabMetrics.Of(runs[chosen], Test, precision)));
            }
            result.Folds = folds;
        }
        result.AllChosen = Choose(runs, _ => true, precision, plan.FarCap);
        return result;
    }

    /// <summary>The index of the best candidate on the recordings <paramref name="on"/> selects.</summary>
    public static int Choose(IReadOnlyList<SkabBenchmarkResult> runs, Func<SkabFileResult, bool> on, Precision precision, double farCap)
    {
        int best = -1;
        double bestF1 = double.NegativeInfinity, bestFar = double.PositiveInfinity;
        bool bestFeasible = false;
        for (int c = 0; c < runs.Count; c++)
        {
            var m = SkabMetrics.Of(runs[c], on, precision);
            double far = Math.Max(m.Labelled.FarPercent, m.Normal?.FarPercent ?? 0);
            bool feasible = far <= farCap;
            double f1 = double.IsNaN(m.Labelled.F1) ? 0 : m.Labelled.F1;
            bool better = best < 0
                || (feasible && !bestFeasible)
                || (feasible == bestFeasible && feasible && (f1 > bestF1 || (f1 == bestF1 && far < bestFar)))
                || (feasible == bestFeasible && !feasible && far < bestFar);
            if (!better) continue;
            best = c;
            bestF1 = f1;
            bestFar = far;
            bestFeasible = feasible;
        }
        return best;
    }

    private static string Describe(SkabBenchmarkResult run, Func<SkabFileResult, bool> on)
    {
        var parts = new List<string>();
        foreach (var p in run.Precisions)
        {
            var m = SkabMetrics.Of(run, on, p);
            parts.Add($"{(p == Precision.Int8 ? "int8" : "fp32")} F1 {m.Labelled.F1:F3} FAR {m.Labelled.FarPercent:F2} MAR {m.Labelled.MarPercent:F2}"
                + (m.Normal is { } n ? $" normal-only FAR {n.FarPercent:F2}" : ""));
        }
        return string.Join("; ", parts);
    }
}
