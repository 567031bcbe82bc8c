using System.Numerics.Tensors;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming;

namespace EdgeAE.Runtime.Scoring;

/// <summary>
/// Window score from a window and its reconstruction: mse or mae, reduced over all values (mean)
/// or as the sum over channels of each channel's mean over time (channel_sum), plus each channel's
/// share of the error. The same arithmetic, in the same order, runs offline and on the device.
/// </summary>
public sealed class ReconstructionError
{
    private readonly ErrorMetric metric;
    private readonly ScoreReduction reduction;
    private readonly TensorLayout layout;
    private readonly int window;
    private readonly int channels;
    private readonly float[] diff;

    public ReconstructionError(BundleManifest manifest)
    {
        metric = manifest.Score.Metric;
        reduction = manifest.Score.Reduction;
        layout = manifest.Layout;
        window = manifest.Window;
        channels = manifest.ChannelCount;
        diff = new float[window * channels];
    }

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
                perChannel[c] = TensorPrimitives.Sum(d.Slice(c * window, window));
        }

        float total = TensorPrimitives.Sum(perChannel);
        if (total > 0 && float.IsFinite(total))
            TensorPrimitives.Divide(perChannel, total, perChannel);
        else
            perChannel.Fill(1f / channels);

        return reduction == ScoreReduction.Mean ? total / (window * channels) : total / window;
    }
}
