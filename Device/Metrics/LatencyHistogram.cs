namespace EdgeAE.Device.Metrics;

/// <summary>
/// A Prometheus histogram of durations with fixed buckets, updated lock-free from the scoring thread
/// (Interlocked only: the scrape never makes the scorer wait).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Upper bounds in seconds: inference on a Pi takes tens of µs (dense) to tens of ms (conv).</summary>
    public static readonly double[] Bounds = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly long[] counts = new long[Bounds.Length + 1];
    private long sumTicks;

    public void Observe(TimeSpan elapsed)
    {
        double s = elapsed.TotalSeconds;
        int i = 0;
        while (i < Bounds.Length && s > Bounds[i]) i++;
        Interlocked.Increment(ref counts[i]);
        Interlocked.Add(ref sumTicks, elapsed.Ticks);
    }

    /// <summary>Cumulative counts per bound (the last is +Inf = the total), and the sum in seconds.</summary>
    public (long[] Cumulative, double SumSeconds) Snapshot()
    {
        var cumulative = new long[counts.Length];
        long run = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            run += Interlocked.Read(ref counts[i]);
            cumulative[i] = run;
        }
        return (cumulative, TimeSpan.FromTicks(Interlocked.Read(ref sumTicks)).TotalSeconds);
    }
}
