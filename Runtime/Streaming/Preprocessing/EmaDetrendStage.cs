namespace EdgeAE.Runtime.Streaming.Preprocessing;

/// <summary>
/// yₜ = xₜ − bₜ₋₁ on the stage's channels, where the baseline b is an exponential moving average with
/// time constant H frames: bₙ = bₙ₋₁ + αₙ·(x − bₙ₋₁), αₙ = max(1/H, 1/n) for the n-th update. For the
/// first H updates that is the plain running mean (no start-up bias towards the first sample),
/// after that an EMA that forgets with time constant H. The output compares each sample with the
/// baseline of the frames before it, so a sudden change shows at full size; the first frame
/// (no baseline yet) gives 0. Frames that arrive while adaptation is held leave b unchanged.
/// State is kept in double so long horizons do not lose the small increments.
/// </summary>
internal sealed class EmaDetrendStage(int[] channels, int horizon) : IPreprocessingStage
{
    private readonly double[] baseline = new double[channels.Length];
    private readonly double floorAlpha = 1.0 / horizon;
    private long updates;

    public void Apply(Span<float> values, bool adapt)
    {
        double alpha = Math.Max(floorAlpha, 1.0 / (updates + 1));
        for (int k = 0; k < channels.Length; k++)
        {
            int c = channels[k];
            double x = values[c];
            double b = baseline[k];
            // Nothing learned yet: no baseline to compare with.
            values[c] = updates == 0 ? 0f : (float)(x - b);
            if (adapt) baseline[k] = b + alpha * (x - b);
        }
        if (adapt) updates++;
    }

    public void Reset()
    {
        Array.Clear(baseline);
        updates = 0;
    }
}
