using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Cli;

/// <summary>Text and JSON of a tuning run: every candidate, and per split the chosen one where it was tuned and where it was held out.</summary>
public static class SkabTuningJson
{
    public static JsonObject Of(SkabTuningResult t)
    {
        var candidates = new JsonArray();
        for (int c = 0; c < t.Runs.Count; c++)
        {
            var o = new JsonObject { ["name"] = t.Plan.Candidates[c].Name };
            foreach (var p in t.Runs[c].Precisions) o[BenchSkabCommand.Name(p)] = Of(SkabMetrics.Of(t.Runs[c], _ => true, p));
            candidates.Add(o);
        }
        var json = new JsonObject
        {
            ["precision"] = BenchSkabCommand.Name(t.Precision),
            ["far_cap"] = t.Plan.FarCap,
            ["recordings"] = t.Recordings.Count,
            ["candidates"] = candidates,
            ["chosen_on_all"] = new JsonObject { ["index"] = t.AllChosen, ["name"] = t.Plan.Candidates[t.AllChosen].Name },
        };
        if (t.GroupSplit is { } g)
            json["group_split"] = Split(t, g, new JsonObject
            {
                ["tune_on"] = new JsonArray(t.Plan.TuneOn.Select(x => (JsonNode?)x).ToArray()),
                ["test_on"] = new JsonArray(t.Plan.TestOn.Select(x => (JsonNode?)x).ToArray()),
            });
        if (t.Folds is { } folds)
        {
            var list = new JsonArray();
            for (int k = 0; k < folds.Count; k++) list.Add(Split(t, folds[k], new JsonObject { ["fold"] = k }));
            json["folds"] = new JsonObject
            {
                ["k"] = folds.Count,
                ["per_fold"] = list,
                ["tuned"] = Of(folds.Select(f => f.Tuned).Aggregate((a, b) => a + b)),
                ["held_out"] = Of(t.FoldsHeldOut!),
            };
        }
        return json;
    }

    public static void Print(SkabTuningResult t, TextWriter o)
    {
        var inv = CultureInfo.InvariantCulture;
        string p = BenchSkabCommand.Name(t.Precision);
        o.WriteLine($"candidates ({p}, pooled over all {t.Recordings.Count} recordings):");
        for (int c = 0; c < t.Runs.Count; c++)
            o.WriteLine($"  {c,2}  {Line(SkabMetrics.Of(t.Runs[c], _ => true, t.Precision))}   {t.Plan.Candidates[c].Name}");
        if (t.GroupSplit is { } g)
        {
            o.WriteLine($"tune on {string.Join(",", t.Plan.TuneOn)}, test on {string.Join(",", t.Plan.TestOn)}: chose {g.Chosen} [{t.Plan.Candidates[g.Chosen].Name}]");
            o.WriteLine($"  tuned     {Line(g.Tuned)}");
            o.WriteLine($"  held out  {Line(g.HeldOut)}");
        }
        if (t.Folds is { } folds)
        {
            o.WriteLine($"{folds.Count}-fold over recordings (FAR cap {t.Plan.FarCap.ToString(inv)} %):");
            for (int k = 0; k < folds.Count; k++)
                o.WriteLine($"  fold {k}: chose {folds[k].Chosen,2}  held out {Line(folds[k].HeldOut)}");
            o.WriteLine($"  tuned     {Line(folds.Select(f => f.Tuned).Aggregate((a, b) => a + b))}  (each fold's choice on its own tuning recordings, pooled)");
            o.WriteLine($"  held out  {Line(t.FoldsHeldOut!)}  (each fold's choice on the fold it did not see, pooled)");
        }
        o.WriteLine($"chosen on all recordings (tuned on everything): {t.AllChosen} [{t.Plan.Candidates[t.AllChosen].Name}]");
    }

    private static JsonObject Split(SkabTuningResult t, SkabSplitResult s, JsonObject o)
    {
        o["chosen"] = s.Chosen;
        o["chosen_name"] = t.Plan.Candidates[s.Chosen].Name;
        o["tuned"] = Of(s.Tuned);
        o["held_out"] = Of(s.HeldOut);
        return o;
    }

    private static JsonObject Of(SkabMetrics m)
    {
        var o = BenchSkabCommand.Metrics(m.Labelled);
        if (m.Normal is { } n) o["normal_only_far"] = Math.Round(n.FarPercent, 2);
        o["recordings"] = m.Files;
        return o;
    }

    private static string Line(SkabMetrics m) =>
        BenchSkabCommand.Line(m.Labelled) + (m.Normal is { } n ? string.Create(CultureInfo.InvariantCulture, $"  normal-only FAR {n.FarPercent,6:F2} %") : "");
}
