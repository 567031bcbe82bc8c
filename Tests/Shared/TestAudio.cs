namespace EdgeAE.Tests.Shared;

/// <summary>Test sound made in the test (never copied from ../shared): tones and noise, as 16-bit PCM values. Linked into the Export and Device tests.</summary>
internal static class TestAudio
{
    /// <summary>A machine-like hum: a fundamental, two harmonics and broadband noise, amplitude slowly modulated.</summary>
    public static float[] Hum(int samples, double sampleRate, double fundamental, int seed, double noise = 0.02)
    {
        var rng = new Random(seed);
        var x = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            double t = i / sampleRate;
            double tone = 0.3 * Math.Sin(2 * Math.PI * fundamental * t) + 0.1 * Math.Sin(2 * Math.PI * 2 * fundamental * t + 0.4)
                + 0.05 * Math.Sin(2 * Math.PI * 3 * fundamental * t + 1.1);
            double gauss = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            // Stored as 16-bit PCM: quantize here so the table read back is exactly these values.
            x[i] = (float)(Math.Round((tone * (1 + 0.1 * Math.Sin(t)) + noise * gauss) * 32768) / 32768);
        }
        return x;
    }
}
