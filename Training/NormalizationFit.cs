using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Training;

/// <summary>
/// Fits per-channel normalization (z-score or min-max) on the finite values of the training rows: the
/// one fit that `train`, `convert --fit` and `export` all use, so the same rows always scale the same way.
/// Two passes in double (mean first, then squared deviations): a one-pass Σx² − n·mean² loses most
/// digits of the variance on channels with a large offset (a level of 10⁶ with noise of 0.1).
/// </summary>
public static class NormalizationFit
{
    public static NormalizationSpec Fit(SensorTable table, NormalizationKind kind)
    {
        int channels = table.ChannelCount;
        var offset = new float[channels];
        var scale = new float[channels];
        if (kind == NormalizationKind.None) return new NormalizationSpec { Kind = kind };
        for (int c = 0; c < channels; c++)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            long count = 0;
            for (int r = 0; r < table.Rows; r++)
            {
                float v = table.Values[r * channels + c];
                if (!float.IsFinite(v)) continue;
                sum += v;
                count++;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            if (count == 0)
                throw new InputException(table.Source, $"channel '{table.Channels[c]}' has no finite value in the rows the normalization is fitted on");
            double mean = sum / count, sq = 0;
            for (int r = 0; r < table.Rows; r++)
            {
                float v = table.Values[r * channels + c];
                if (float.IsFinite(v)) sq += (v - mean) * (v - mean);
            }
            double std = Math.Sqrt(sq / count);
            double spread = kind == NormalizationKind.ZScore ? std : max - min;
            // A channel that does not vary (beyond float32 rounding of its level) carries no
            // information and would divide by ~zero: refuse it by name rather than train on noise.
            if (!(spread > 1e-6 * Math.Abs(mean)) || !double.IsFinite(spread))
                throw new InputException(table.Source,
                    $"channel '{table.Channels[c]}' is constant in the rows the normalization is fitted on (std {std:G3}); leave the channel out");
            offset[c] = (float)(kind == NormalizationKind.ZScore ? mean : min);
            scale[c] = (float)spread;
        }
        return new NormalizationSpec { Kind = kind, Offset = offset, Scale = scale };
    }
}
