using System.Globalization;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Cli;

/// <summary>
/// Parses <c>--stage</c> values: <c>KIND[:HORIZON[:WARMUP]][:while_normal]</c>, e.g. <c>difference</c>,
/// <c>detrend_ema:300</c>, <c>detrend_median:120:60:while_normal</c>. The warm-up defaults to 0.
/// </summary>
public static class StageSyntax
{
    public const string Help = "Preprocessing stage KIND[:HORIZON[:WARMUP]][:while_normal], repeatable, in order; KIND = difference | detrend_ema | detrend_median | rolling_zscore (horizon in frames)";

    public static PreprocessingStageSpec[] ParseAll(IEnumerable<string>? values) =>
        values is null ? [] : values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(Parse).ToArray();

    public static PreprocessingStageSpec Parse(string text)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        var spec = new PreprocessingStageSpec
        {
            Kind = parts[0] switch
            {
                "difference" => StageKind.Difference,
                "detrend_ema" => StageKind.DetrendEma,
                "detrend_median" => StageKind.DetrendMedian,
                "rolling_zscore" => StageKind.RollingZScore,
                _ => throw new UsageException($"--stage '{text}': unknown kind '{parts[0]}' (allowed: difference, detrend_ema, detrend_median, rolling_zscore)"),
            },
        };
        var numbers = new List<int>();
        foreach (string part in parts.Skip(1))
        {
            if (part == "while_normal") spec.Adapt = StageAdaptation.WhileNormal;
            else if (part == "always") spec.Adapt = StageAdaptation.Always;
            else if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0) numbers.Add(n);
            else throw new UsageException($"--stage '{text}': '{part}' is neither a frame count nor while_normal/always");
        }
        if (spec.Kind == StageKind.Difference)
        {
            if (numbers.Count > 1) throw new UsageException($"--stage '{text}': a difference takes at most a warm-up, no horizon");
            spec.Warmup = numbers.Count == 1 ? numbers[0] : 1;
            return spec;
        }
        if (numbers.Count == 0) throw new UsageException($"--stage '{text}': {parts[0]} needs a horizon in frames, e.g. {parts[0]}:300");
        if (numbers.Count > 2) throw new UsageException($"--stage '{text}': too many numbers (HORIZON[:WARMUP])");
        if (numbers[0] < 1) throw new UsageException($"--stage '{text}': the horizon must be ≥ 1 frame");
        spec.Horizon = numbers[0];
        spec.Warmup = numbers.Count == 2 ? numbers[1] : 0;
        return spec;
    }

    public static string Format(PreprocessingStageSpec s) =>
        PreprocessingStageSpec.KindName(s.Kind)
        + (s.Kind == StageKind.Difference ? (s.Warmup != 1 ? $":{s.Warmup}" : "") : $":{s.Horizon}" + (s.Warmup != 0 ? $":{s.Warmup}" : ""))
        + (s.Adapt == StageAdaptation.WhileNormal ? ":while_normal" : "");
}
