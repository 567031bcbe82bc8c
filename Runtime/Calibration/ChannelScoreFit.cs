using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Calibration;

/// <summary>How each channel's normal error distribution is summarised for per-channel standardization.</summary>
public enum ChannelFitMethod
{
    /// <summary>No standardization: channels are reduced in their raw error units.</summary>
    None,
    /// <summary>offset = mean, scale = standard deviation of the channel's normal errors.</summary>
    MeanStd,
    /// <summary>offset = median, scale = interquartile range / 1.349 (equals σ for a normal distribution; robust to the error's long tail).</summary>
    MedianIqr,
}

/// <summary>
/// Fits <see cref="ChannelScoreSpec"/> from the per-channel errors of normal windows, so that each
/// channel's error is measured against its own normal spread: a channel that always reconstructs
/// poorly, or drifts, then cannot dominate the window score.
/// </summary>
public static class ChannelScoreFit
{
    public const string MeanStdName = "mean_std";
    public const string MedianIqrName = "median_iqr";

    /// <param name="channelErrors">Windows × channels, as <see cref="Scoring.ScoreSeries.ChannelErrors"/>.</param>
    public static ChannelScoreSpec Fit(ReadOnlySpan<float> channelErrors, int channels, ChannelFitMethod method)
    {
        if (method == ChannelFitMethod.None) throw new ArgumentException("no fit method", nameof(method));
        int windows = channelErrors.Length / channels;
        if (windows < 2) throw new InputException($"per-channel score standardization needs at least 2 normal windows, got {windows}");
        var offset = new float[channels];
        var scale = new float[channels];
        var column = new double[windows];
        for (int c = 0; c < channels; c++)
        {
            int n = 0;
            for (int w = 0; w < windows; w++)
            {
                float v = channelErrors[w * channels + c];
                if (float.IsFinite(v)) column[n++] = v;
            }
            if (n < 2) throw new InputException($"channel {c} has fewer than 2 finite normal window errors");
            var values = column.AsSpan(0, n);
            double center, spread;
            if (method == ChannelFitMethod.MeanStd)
            {
                center = RobustStatistics.Mean(values);
                spread = RobustStatistics.StandardDeviation(values);
            }
            else
            {
                values.Sort();
                center = Quantiles.OfSorted(values, 0.5);
                spread = (Quantiles.OfSorted(values, 0.75) - Quantiles.OfSorted(values, 0.25)) / 1.349;
            }
            // A channel reconstructed (almost) perfectly on normal data would divide by ~0: floor the
            // spread at a millionth of its level, and at the smallest normal float.
            spread = Math.Max(spread, Math.Max(1e-6 * Math.Abs(center), 1e-30));
            offset[c] = (float)center;
            scale[c] = (float)spread;
        }
        return new ChannelScoreSpec
        {
            Fit = method == ChannelFitMethod.MeanStd ? MeanStdName : MedianIqrName,
            Offset = offset,
            Scale = scale,
            Windows = windows,
        };
    }
}
