namespace EdgeAE.Runtime.Tests.Calibration;

/// <summary>Seeded samples of distributions with known quantiles and tails.</summary>
internal static class Samples
{
    public static float[] Uniform(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)rng.NextDouble();
        return x;
    }

    /// <summary>Exponential(1): P(X &gt; x) = e^(−x); GPD tail index 0.</summary>
    public static float[] Exponential(int n, int seed) => Map(n, seed, u => -Math.Log(u));

    /// <summary>Pareto with x_m = 1 and shape α: P(X &gt; x) = x^(−α); GPD tail index 1/α.</summary>
    public static float[] Pareto(int n, double alpha, int seed) => Map(n, seed, u => Math.Pow(u, -1 / alpha));

    /// <summary>X = 1 − √U: P(X &gt; 1 − y) = y², a bounded tail with GPD tail index −1/2.</summary>
    public static float[] BoundedSquare(int n, int seed) => Map(n, seed, u => 1 - Math.Sqrt(u));

    private static float[] Map(int n, int seed, Func<double, double> f)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)f(1 - rng.NextDouble()); // 1 − U ∈ (0, 1]: no log(0)
        return x;
    }
}
