using System.Text.Json.Serialization;

namespace EdgeAE.Runtime.Bundles;

/// <summary>What a preprocessing stage computes from each channel's stream of raw values.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StageKind>))]
public enum StageKind
{
    /// <summary>yₜ = xₜ − xₜ₋₁ (the first frame gives 0).</summary>
    [JsonStringEnumMemberName("difference")] Difference,
    /// <summary>yₜ = xₜ − bₜ₋₁ with b an exponential moving average of time constant <c>horizon</c> frames.</summary>
    [JsonStringEnumMemberName("detrend_ema")] DetrendEma,
    /// <summary>yₜ = xₜ − median of the previous <c>horizon</c> frames.</summary>
    [JsonStringEnumMemberName("detrend_median")] DetrendMedian,
    /// <summary>yₜ = (xₜ − mₜ₋₁) / sₜ₋₁ with m, s² exponential moving mean and variance of time constant <c>horizon</c>.</summary>
    [JsonStringEnumMemberName("rolling_zscore")] RollingZScore,
}

/// <summary>When a stage's baseline may learn from the stream.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StageAdaptation>))]
public enum StageAdaptation
{
    /// <summary>Every accepted frame updates the baseline.</summary>
    [JsonStringEnumMemberName("always")] Always,
    /// <summary>
    /// Only frames that arrive while the detector is Normal update it: during a warning or alarm the
    /// baseline holds, so an anomaly is never absorbed into "normal" (the same rule as the adaptive
    /// threshold's). Without a detector (training, calibration) every frame counts.
    /// </summary>
    [JsonStringEnumMemberName("while_normal")] WhileNormal,
}

/// <summary>
/// One stage of the manifest's <c>preprocessing</c> list. Stages run in order on every channel of
/// each accepted frame, in sensor units, before the normalization; <c>edgeae</c> and the device run
/// the same code (<see cref="Streaming.Preprocessing.PreprocessingChain"/>).
/// </summary>
public sealed class PreprocessingStageSpec
{
    public StageKind Kind { get; set; }
    /// <summary>detrend_ema, rolling_zscore: time constant in frames; detrend_median: frames in the median. Unused by difference.</summary>
    public int Horizon { get; set; }
    /// <summary>Frames this stage needs before its output is trusted: no window is scored before the chain's longest warm-up has passed.</summary>
    public int Warmup { get; set; }
    public StageAdaptation Adapt { get; set; } = StageAdaptation.Always;
    /// <summary>The channels (by name) the stage applies to; empty = every channel. The others pass through unchanged.</summary>
    public string[] Channels { get; set; } = [];

    public bool SameAs(PreprocessingStageSpec other) =>
        Kind == other.Kind && Horizon == other.Horizon && Warmup == other.Warmup && Adapt == other.Adapt
        && Channels.AsSpan().SequenceEqual(other.Channels);

    public override string ToString() =>
        (Kind == StageKind.Difference ? "difference" : $"{KindName(Kind)}(horizon {Horizon}, warm-up {Warmup}{(Adapt == StageAdaptation.WhileNormal ? ", adapts while normal" : "")})")
        + (Channels.Length > 0 ? " on " + string.Join(", ", Channels) : "");

    public static string KindName(StageKind kind) => kind switch
    {
        StageKind.Difference => "difference",
        StageKind.DetrendEma => "detrend_ema",
        StageKind.DetrendMedian => "detrend_median",
        StageKind.RollingZScore => "rolling_zscore",
        _ => kind.ToString(),
    };
}
