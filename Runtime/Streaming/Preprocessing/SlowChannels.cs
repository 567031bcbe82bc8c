using EdgeAE.Runtime.Data;

namespace EdgeAE.Runtime.Streaming.Preprocessing;

/// <summary>
/// Finds channels whose variance over the training rows is mostly slow drift rather than
/// sample-to-sample variation, by roughness = std(xₜ − xₜ₋₁) / (√2 · std(x)): 1 for white noise,
/// → 0 for a trend or random walk. A model fitted on a short normal span cannot know where such a
/// channel goes next, so its later level reads as an anomaly (SKAB's thermal channels: 0.06–0.48;
/// every other channel of the 20 files: 0.45–1.23). Uses training rows only, never labels.
/// A benchmark recipe, not a product default: it suits sensors read near their bandwidth (SKAB's
/// 1 Hz RMS and mean values); a smooth, heavily oversampled signal also has low roughness without
/// drifting (a sine of period 30 samples: 0.15), so `edgeae train` does not offer it.
/// </summary>
public static class SlowChannels
{
    /// <summary>Roughness of one channel over the table's rows (NaN rows skipped; NaN when constant or too short).</summary>
    public static double Roughness(SensorTable table, int channel)
    {
        int n = 0, steps = 0;
        double sum = 0, sumSq = 0, diffSum = 0, diffSq = 0;
        double previous = double.NaN;
        for (int r = 0; r < table.Rows; r++)
        {
            double v = table.Values[r * table.ChannelCount + channel];
            if (double.IsNaN(v)) { previous = double.NaN; continue; }
            n++; sum += v; sumSq += v * v;
            if (!double.IsNaN(previous))
            {
                double d = v - previous;
                steps++; diffSum += d; diffSq += d * d;
            }
            previous = v;
        }
        if (n < 3 || steps < 2) return double.NaN;
        double variance = (sumSq - sum * sum / n) / n;
        double diffVariance = (diffSq - diffSum * diffSum / steps) / steps;
        return variance > 0 ? Math.Sqrt(diffVariance / (2 * variance)) : double.NaN;
    }

    /// <summary>Names of the channels with roughness below <paramref name="threshold"/> (none when the threshold is 0).</summary>
    public static string[] Find(SensorTable training, double threshold) =>
        threshold <= 0 ? []
        : Enumerable.Range(0, training.ChannelCount).Where(c => Roughness(training, c) < threshold).Select(c => training.Channels[c]).ToArray();
}
