namespace EdgeAE.Runtime.Scoring;

/// <summary>The manifest's exponential smoothing of window scores: s ← α·x + (1 − α)·s, starting at the first finite score; non-finite scores pass through untouched.</summary>
public struct ScoreSmoothing(double alpha)
{
    private double smoothed;
    private bool started;

    public float Next(float raw)
    {
        if (alpha >= 1 || !float.IsFinite(raw)) return raw;
        smoothed = started ? alpha * raw + (1 - alpha) * smoothed : raw;
        started = true;
        return (float)smoothed;
    }

    public void Reset() => started = false;
}
