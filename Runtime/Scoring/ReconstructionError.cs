using System.Numerics.Tensors;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Numerics;
using EdgeAE.Runtime.Streaming;

namespace EdgeAE.Runtime.Scoring;

/// <summary>
/// Window score from a window and its reconstruction. Each channel's error eᶜ is the mean over time of
/// its squared (mse) or absolute (mae) differences; optionally each eᶜ is standardized by its own
/// normal distribution (<see cref="ScoreSpec.ChannelNormalization"/>); then the channels are reduced:
/// mean, channel_sum, max or the mean of the top k. Also writes each channel's share of the error.
/// The same arithmetic, in the same order, runs offline and on the device.
/// </summary>
public sealed class ReconstructionError
{
    private readonly ErrorMetric metric;
    private readonly ScoreReduction reduction;
    private readonly TensorLayout layout;
    private readonly int window;
    private readonly int channels;
    private readonly ChannelScore channelScore;
    private readonly float[] diff;
    private readonly float[] channelErrors;

    public ReconstructionError(BundleManifest manifest)
    {
        metric = manifest.Score.Metric;
        reduction = manifest.Score.Reduction;
        layout = manifest.Layout;
        window = manifest.ModelWindow;
        channels = manifest.ChannelCount;
        channelScore = new ChannelScore(manifest.Score, channels);
        diff = new float[window * channels];
        channelErrors = new float[channels];
    }

    /// <summary>The last window's per-channel errors eᶜ (mean over time, before standardization), valid until the next call.</summary>
    public ReadOnlySpan<float> ChannelErrors => channelErrors;

    /// <summary>True when the score is the legacy mean/channel_sum over raw errors (kept bit-identical to earlier bundles).</summary>
    private bool Legacy => !channelScore.Standardized && reduction is ScoreReduction.Mean or ScoreReduction.ChannelSum;

    /// <summary>Returns the window score and writes per-channel contributions (summing to 1) to <paramref name="contributions"/>.</summary>
    public float Compute(ReadOnlySpan<float> input, ReadOnlySpan<float> reconstruction, Span<float> contributions)
    {
        var d = diff.AsSpan();
        TensorPrimitives.Subtract(reconstruction, input, d);
        if (metric == ErrorMetric.Mse) TensorPrimitives.Multiply(d, d, d);
        else TensorPrimitives.Abs(d, d);

        var perChannel = contributions[..channels];
        if (WindowLayout.IsTimeMajor(layout))
        {
            d[..channels].CopyTo(perChannel);
            for (int t = 1; t < window; t++)
                TensorPrimitives.Add(perChannel, d.Slice(t * channels, channels), perChannel);
        }
        else
        {
            for (int c = 0; c < channels; c++)
                perChannel[c] = OrderedSum.Sum(d.Slice(c * window, window));
        }
        TensorPrimitives.Divide(perChannel, window, channelErrors);

        if (Legacy)
        {
            float total = OrderedSum.Sum(perChannel);
            Shares(perChannel, total);
            return reduction == ScoreReduction.Mean ? total / (window * channels) : total / window;
        }
        float score = channelScore.Compute(channelErrors, perChannel);
        Shares(perChannel, OrderedSum.Sum(perChannel));
        return score;
    }

    private void Shares(Span<float> perChannel, float total)
    {
        if (total > 0 && float.IsFinite(total))
            TensorPrimitives.Divide(perChannel, total, perChannel);
        else
            perChannel.Fill(1f / channels);
    }
}
