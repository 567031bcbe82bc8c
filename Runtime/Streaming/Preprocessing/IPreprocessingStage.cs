namespace EdgeAE.Runtime.Streaming.Preprocessing;

/// <summary>One stage of a <see cref="PreprocessingChain"/>: transforms a frame in place, channel by channel.</summary>
internal interface IPreprocessingStage
{
    /// <summary>Transforms <paramref name="values"/> (one frame, C channels) in place; <paramref name="adapt"/> false holds the baseline.</summary>
    void Apply(Span<float> values, bool adapt);

    /// <summary>Forgets everything seen (back to the state before the first frame).</summary>
    void Reset();
}
