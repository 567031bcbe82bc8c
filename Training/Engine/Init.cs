namespace EdgeAE.Training.Engine;

/// <summary>Weight initialisation (Glorot/Xavier uniform, as Keras layers default to).</summary>
public static class Init
{
    public static void GlorotUniform(float[] w, int fanIn, int fanOut, Rng rng)
    {
        float limit = MathF.Sqrt(6f / (fanIn + fanOut));
        for (int i = 0; i < w.Length; i++)
            w[i] = rng.Uniform(-limit, limit);
    }
}
