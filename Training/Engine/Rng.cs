namespace EdgeAE.Training.Engine;

/// <summary>
/// xoshiro256** seeded through SplitMix64: our own generator so a seed means the same stream on
/// every .NET version (System.Random's algorithm is not a contract).
/// </summary>
public sealed class Rng
{
    private ulong s0, s1, s2, s3;
    private double spareGaussian;
    private bool hasSpare;

    public Rng(ulong seed)
    {
        ulong x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) (Lemire's multiply-shift; bias below 2⁻³² for our sizes).</summary>
    public int NextInt(int n) => (int)(((NextULong() >> 32) * (ulong)n) >> 32);

    public float Uniform(float low, float high) => (float)(low + (high - low) * NextDouble());

    /// <summary>Standard normal (Marsaglia polar method, deterministic pairs).</summary>
    public double NextGaussian()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle(int[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
