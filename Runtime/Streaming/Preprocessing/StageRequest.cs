using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Runtime.Streaming.Preprocessing;

/// <summary>Which channels a requested stage should apply to, decided on the training rows (never labels).</summary>
public enum ChannelSelection
{
    /// <summary>Every channel.</summary>
    All,
    /// <summary>Channels whose training rows are mostly slow drift (<see cref="SlowChannels"/> roughness below the threshold).</summary>
    Slow,
    /// <summary>The other channels (roughness at or above the threshold).</summary>
    Rough,
    /// <summary>The channels named in <see cref="StageRequest.Names"/>.</summary>
    Named,
}

/// <summary>
/// A preprocessing stage as asked for before the training data is known: the stage and a channel
/// selection that <see cref="Resolve"/> turns into the manifest's explicit channel names.
/// </summary>
public sealed record StageRequest(PreprocessingStageSpec Stage, ChannelSelection Selection = ChannelSelection.All, double Roughness = StageRequest.DefaultRoughness, IReadOnlyList<string>? Names = null)
{
    /// <summary>Roughness below which a channel counts as slow: midway between white noise (1) and pure drift (0).</summary>
    public const double DefaultRoughness = 0.5;

    /// <summary>The stage with the channels this selection picks on <paramref name="training"/>, or null when it picks none.</summary>
    public PreprocessingStageSpec? Resolve(SensorTable training)
    {
        string[] picked = Selection switch
        {
            ChannelSelection.All => training.Channels,
            ChannelSelection.Slow => SlowChannels.Find(training, Roughness),
            ChannelSelection.Rough => training.Channels.Except(SlowChannels.Find(training, Roughness)).ToArray(),
            _ => (Names ?? []).Select(n => Array.IndexOf(training.Channels, n) >= 0 ? n
                : throw new InputException(training.Source, $"no channel '{n}' for the {PreprocessingStageSpec.KindName(Stage.Kind)} stage (have {string.Join(", ", training.Channels)})")).ToArray(),
        };
        if (picked.Length == 0) return null;
        return new PreprocessingStageSpec
        {
            Kind = Stage.Kind,
            Horizon = Stage.Horizon,
            Warmup = Stage.Warmup,
            Adapt = Stage.Adapt,
            // Every channel: say so with an empty list (stays valid if channels are renamed later).
            Channels = picked.Length == training.ChannelCount ? [] : training.Channels.Where(picked.Contains).ToArray(),
        };
    }

    public static PreprocessingStageSpec[] ResolveAll(IEnumerable<StageRequest> requests, SensorTable training) =>
        requests.Select(r => r.Resolve(training)).OfType<PreprocessingStageSpec>().ToArray();

    public override string ToString() => Stage + Selection switch
    {
        ChannelSelection.All => "",
        ChannelSelection.Named => "@" + string.Join("+", Names ?? []),
        _ => $"@{Selection.ToString().ToLowerInvariant()}<{Roughness}",
    };
}
