using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Streaming.Preprocessing;

/// <summary>
/// The manifest's <c>preprocessing</c> stages, run in order on each accepted frame (sensor units)
/// before normalization. <see cref="WindowAssembler"/> owns one, so training, quantization,
/// calibration, offline scoring and the device all transform frames with this code. No allocation
/// after construction.
/// </summary>
public sealed class PreprocessingChain
{
    private readonly IPreprocessingStage[] stages;
    private readonly bool[] gated;

    /// <param name="channelNames">The bundle's channels, in order (stages name the channels they apply to).</param>
    public PreprocessingChain(IReadOnlyList<PreprocessingStageSpec> specs, IReadOnlyList<string> channelNames)
    {
        stages = new IPreprocessingStage[specs.Count];
        gated = new bool[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            var s = specs[i];
            int[] channels = Indices(s, channelNames, i);
            stages[i] = s.Kind switch
            {
                StageKind.Difference => new DifferenceStage(channels),
                StageKind.DetrendEma => new EmaDetrendStage(channels, s.Horizon),
                StageKind.DetrendMedian => new MedianDetrendStage(channels, s.Horizon),
                StageKind.RollingZScore => new RollingZScoreStage(channels, s.Horizon),
                _ => throw new BundleException($"preprocessing[{i}].kind", $"unknown stage kind {(int)s.Kind}"),
            };
            gated[i] = s.Adapt == StageAdaptation.WhileNormal;
            Warmup = Math.Max(Warmup, s.Warmup);
            HasGatedStage |= gated[i];
        }
    }

    public bool IsEmpty => stages.Length == 0;

    /// <summary>Frames the chain needs before its output is trusted (the longest stage warm-up).</summary>
    public int Warmup { get; }

    /// <summary>True when a stage learns only while the detector is Normal (its output then depends on the detector's state).</summary>
    public bool HasGatedStage { get; }

    /// <summary>
    /// Runs every stage on <paramref name="values"/> in place. <paramref name="detectorNormal"/> false
    /// holds the baselines of <c>while_normal</c> stages.
    /// </summary>
    public void Apply(Span<float> values, bool detectorNormal = true)
    {
        for (int i = 0; i < stages.Length; i++)
            stages[i].Apply(values, detectorNormal || !gated[i]);
    }

    public void Reset()
    {
        foreach (var stage in stages) stage.Reset();
    }

    /// <summary>The channel indices a stage applies to: all when it names none.</summary>
    private static int[] Indices(PreprocessingStageSpec spec, IReadOnlyList<string> channelNames, int stage)
    {
        if (spec.Channels.Length == 0) return Enumerable.Range(0, channelNames.Count).ToArray();
        var indices = new int[spec.Channels.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            int c = -1;
            for (int j = 0; j < channelNames.Count; j++)
                if (string.Equals(channelNames[j], spec.Channels[k], StringComparison.Ordinal)) c = j;
            indices[k] = c >= 0 ? c : throw new BundleException($"preprocessing[{stage}].channels[{k}]", $"'{spec.Channels[k]}' is not one of the bundle's channels");
        }
        return indices;
    }
}
