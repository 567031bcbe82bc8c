namespace EdgeAE.Runtime.Streaming.Preprocessing;

/// <summary>
/// yₜ = xₜ − xₜ₋₁ on the stage's channels; the first frame (no predecessor) gives 0. A difference
/// learns nothing, so the previous value always moves on, adapting or not: it removes a channel's
/// level entirely (a drifting level becomes a small constant), keeping only its changes.
/// </summary>
internal sealed class DifferenceStage(int[] channels) : IPreprocessingStage
{
    private readonly float[] previous = new float[channels.Length];
    private bool havePrevious;

    public void Apply(Span<float> values, bool adapt)
    {
        for (int k = 0; k < channels.Length; k++)
        {
            int c = channels[k];
            float x = values[c];
            values[c] = havePrevious ? x - previous[k] : 0f;
            previous[k] = x;
        }
        havePrevious = true;
    }

    public void Reset()
    {
        Array.Clear(previous);
        havePrevious = false;
    }
}
