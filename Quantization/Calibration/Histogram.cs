namespace EdgeAE.Quantization.Calibration;

/// <summary>A fixed-range histogram of values (values outside the range land in the end bins).</summary>
public sealed class Histogram
{
    public Histogram(float low, float high, int bins = 2048)
    {
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins));
        if (!(high > low)) high = low + 1e-12f;
        Low = low;
        High = high;
        Counts = new long[bins];
        Width = ((double)high - low) / bins;
    }

    public float Low { get; }
    public float High { get; }
    public double Width { get; }
    public long[] Counts { get; }
    public long Total { get; private set; }

    /// <summary>Adds values (their magnitudes when <paramref name="absolute"/>); <paramref name="skipZeros"/> leaves exact zeros out.</summary>
    public void Add(ReadOnlySpan<float> values, bool absolute = false, bool skipZeros = false)
    {
        long added = 0;
        int last = Counts.Length - 1;
        double inv = 1.0 / Width;
        foreach (float raw in values)
        {
            if (skipZeros && raw == 0) continue;
            float v = absolute ? Math.Abs(raw) : raw;
            int bin = (int)((v - Low) * inv);
            Counts[Math.Clamp(bin, 0, last)]++;
            added++;
        }
        Total += added;
    }

    /// <summary>The value below which a fraction <paramref name="q"/> of the samples lie (linear within a bin).</summary>
    public float Quantile(double q)
    {
        if (Total == 0) throw new InvalidOperationException("empty histogram");
        q = Math.Clamp(q, 0, 1);
        double target = q * Total;
        double seen = 0;
        for (int i = 0; i < Counts.Length; i++)
        {
            if (Counts[i] == 0) continue;
            if (seen + Counts[i] >= target)
            {
                double within = (target - seen) / Counts[i];
                return (float)(Low + (i + within) * Width);
            }
            seen += Counts[i];
        }
        return High;
    }

    /// <summary>Upper edge of bin <paramref name="index"/>.</summary>
    public float UpperEdge(int index) => (float)(Low + (index + 1) * Width);
}
