namespace EdgeAE.Runtime.Streaming.Preprocessing;

/// <summary>
/// yₜ = (xₜ − mₜ₋₁) / sₜ₋₁ on the stage's channels, with m and s² an exponentially weighted mean and
/// variance of time constant H frames: d = x − m, m ← m + α·d, s² ← (1 − α)·(s² + α·d²),
/// α = max(1/H, 1/n) for the n-th update. For the first H updates these are exactly the running mean
/// and population variance (Welford), after that they forget with time constant H. The output is 0
/// until two frames have been seen and while the variance is 0 (a constant channel). Frames that
/// arrive while adaptation is held are scaled by the held statistics.
/// </summary>
internal sealed class RollingZScoreStage(int[] channels, int horizon) : IPreprocessingStage
{
    private readonly double[] mean = new double[channels.Length];
    private readonly double[] variance = new double[channels.Length];
    private readonly double floorAlpha = 1.0 / horizon;
    private long updates;

    public void Apply(Span<float> values, bool adapt)
    {
        double alpha = Math.Max(floorAlpha, 1.0 / (updates + 1));
        for (int k = 0; k < channels.Length; k++)
        {
            int c = channels[k];
            double x = values[c];
            double m = mean[k], v = variance[k];
            values[c] = updates >= 2 && v > 0 ? (float)((x - m) / Math.Sqrt(v)) : 0f;
            if (!adapt) continue;
            double d = x - m;
            mean[k] = m + alpha * d;
            variance[k] = (1 - alpha) * (v + alpha * d * d);
        }
        if (adapt) updates++;
    }

    public void Reset()
    {
        Array.Clear(mean);
        Array.Clear(variance);
        updates = 0;
    }
}
