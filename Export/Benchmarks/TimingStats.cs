using System.Diagnostics;

namespace EdgeAE.Export.Benchmarks;

/// <summary>Median / p90 of per-call times, the same statistics the C++ harness prints.</summary>
public readonly record struct TimingStats(long Iterations, double MedianUs, double P90Us, double MinUs)
{
    /// <summary>
    /// Calls <paramref name="action"/> <paramref name="warmup"/> times, then times single calls until
    /// both <paramref name="minIterations"/> and <paramref name="minDuration"/> are reached.
    /// </summary>
    public static TimingStats Measure(Action action, int warmup, int minIterations, TimeSpan minDuration)
    {
        for (int i = 0; i < warmup; i++) action();
        var samples = new List<double>(minIterations * 2);
        long start = Stopwatch.GetTimestamp();
        long minTicks = (long)(minDuration.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            long t1 = Stopwatch.GetTimestamp();
            samples.Add((t1 - t0) * 1e6 / Stopwatch.Frequency);
            if (samples.Count >= minIterations && t1 - start >= minTicks) break;
        }
        return From(samples);
    }

    public static TimingStats From(List<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("no samples", nameof(samples));
        samples.Sort();
        return new TimingStats(samples.Count, Percentile(samples, 0.5), Percentile(samples, 0.9), samples[0]);
    }

    // Linear interpolation between ranks, as the harness does, so the two medians are comparable.
    private static double Percentile(List<double> sorted, double p)
    {
        double pos = p * (sorted.Count - 1);
        int lo = (int)pos;
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
