using System.Globalization;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming.Preprocessing;

namespace EdgeAE.Export.Cli;

/// <summary>
/// Parses <c>--stage</c> values: <c>KIND[:HORIZON[:WARMUP]][:while_normal][@CHANNELS]</c>, e.g.
/// <c>difference@slow</c>, <c>detrend_ema:300</c>, <c>detrend_median:120:60:while_normal@rough</c>,
/// <c>difference@Temperature+Thermocouple</c>. The warm-up defaults to 0 (1 for a difference).
/// CHANNELS: <c>slow</c> / <c>rough</c> (roughness of the training rows below / at or above 0.5, or
/// <c>slow&lt;0.3</c>), or names joined by <c>+</c>; default every channel.
/// </summary>
public static class StageSyntax
{
    public const string Help = "Preprocessing stage KIND[:HORIZON[:WARMUP]][:while_normal][@slow|@rough|@NAME+NAME], repeatable, in order; KIND = difference | detrend_ema | detrend_median | rolling_zscore (horizon in frames); @slow/@rough pick channels by the training rows' roughness; none = no stage (default: difference@slow detrend_ema:100:0:while_normal@rough)";

    /// <summary>The stages asked for; no <c>--stage</c> keeps <paramref name="defaults"/> (the recipe's), <c>--stage none</c> asks for none.</summary>
    public static IReadOnlyList<StageRequest> ParseOrDefault(IReadOnlyList<string>? values, IReadOnlyList<StageRequest> defaults)
    {
        if (values is null || values.Count == 0) return defaults;
        if (values.Count == 1 && values[0].Trim() == "none") return [];
        if (values.Any(v => v.Trim() == "none")) throw new UsageException("--stage none cannot be combined with other stages");
        return ParseAll(values);
    }

    public static StageRequest[] ParseAll(IEnumerable<string>? values) =>
        values is null ? [] : values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(ParseRequest).ToArray();

    public static StageRequest ParseRequest(string text)
    {
        int at = text.IndexOf('@');
        if (at < 0) return new StageRequest(Parse(text));
        var stage = Parse(text[..at]);
        string selector = text[(at + 1)..].Trim();
        var (kind, threshold) = selector.Split('<', 2) switch
        {
            [var k] => (k, StageRequest.DefaultRoughness),
            [var k, var t] when double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 => (k, v),
            _ => throw new UsageException($"--stage '{text}': '{selector}' is not slow, rough, slow<R, rough<R or NAME+NAME"),
        };
        return kind switch
        {
            "slow" => new StageRequest(stage, ChannelSelection.Slow, threshold),
            "rough" => new StageRequest(stage, ChannelSelection.Rough, threshold),
            _ when selector.Length > 0 => new StageRequest(stage, ChannelSelection.Named, Names: selector.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            _ => throw new UsageException($"--stage '{text}': empty channel selection after @"),
        };
    }

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
