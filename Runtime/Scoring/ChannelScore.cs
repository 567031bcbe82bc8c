using System.Numerics.Tensors;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Numerics;

namespace EdgeAE.Runtime.Scoring;

/// <summary>
/// From a window's per-channel errors to its score: optional per-channel standardization
/// (eᶜ − offsetᶜ) / scaleᶜ, then the reduction (mean, channel_sum, max, mean of the top k). One
/// object per scorer, so the device, <c>edgeae</c> and commissioning (which re-reduces recorded
/// channel errors after fitting the standardization) compute the identical number. No allocation
/// after construction.
/// </summary>
public sealed class ChannelScore
{
    private readonly ScoreReduction reduction;
    private readonly int channels;
    private readonly int topK;
    private readonly float[]? offset;
    private readonly float[]? inverseScale;
    private readonly float[] standardized;
    private readonly float[] scratch;

    public ChannelScore(ScoreSpec spec, int channels)
    {
        reduction = spec.Reduction;
        this.channels = channels;
        topK = spec.TopK;
        if (spec.ChannelNormalization is { } n)
        {
            offset = n.Offset.ToArray();
            inverseScale = n.Scale.Select(s => 1f / s).ToArray();
        }
        standardized = new float[channels];
        scratch = new float[channels];
    }

    public bool Standardized => offset is not null;

    /// <summary>
    /// The score of one window's channel errors; writes each channel's (standardized, when
    /// standardization is on) error to <paramref name="perChannel"/> for the contribution shares
    /// (negative standardized errors, below normal, count as 0).
    /// </summary>
    public float Compute(ReadOnlySpan<float> channelErrors, Span<float> perChannel)
    {
        var e = standardized.AsSpan();
        if (offset is null) channelErrors.CopyTo(e);
        else
        {
            TensorPrimitives.Subtract(channelErrors, offset, e);
            TensorPrimitives.Multiply(e, inverseScale!, e);
        }
        float score = reduction switch
        {
            ScoreReduction.Mean => OrderedSum.Sum(e) / channels,
            ScoreReduction.ChannelSum => OrderedSum.Sum(e),
            ScoreReduction.Max => TensorPrimitives.Max(e),
            _ => TopK(e),
        };
        if (offset is null) e.CopyTo(perChannel);
        else TensorPrimitives.Max(e, 0f, perChannel);
        return score;
    }

    private float TopK(ReadOnlySpan<float> e)
    {
        var s = scratch.AsSpan();
        e.CopyTo(s);
        s.Sort();
        return OrderedSum.Sum(s[(channels - topK)..]) / topK;
    }

    /// <summary>
    /// Window scores, as the scorer would report them (including the manifest's smoothing), of
    /// recorded channel errors (windows × channels) under <paramref name="spec"/>.
    /// </summary>
    public static float[] Series(ReadOnlySpan<float> channelErrors, int channels, ScoreSpec spec)
    {
        var reducer = new ChannelScore(spec, channels);
        int count = channelErrors.Length / channels;
        var scores = new float[count];
        var perChannel = new float[channels];
        var smoothing = new ScoreSmoothing(spec.SmoothingAlpha);
        for (int i = 0; i < count; i++)
            scores[i] = smoothing.Next(reducer.Compute(channelErrors.Slice(i * channels, channels), perChannel));
        return scores;
    }
}
