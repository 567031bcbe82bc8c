using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Device.Dashboard;

/// <summary>
/// The highest window score since the dashboard last looked, kept wait-free for the scoring thread
/// (one compare-exchange per window, no lock, no allocation), so a sampled trace still shows a
/// one-window spike between two samples.
/// </summary>
public sealed class ScoreTrace : IScoreSink
{
    private const int Empty = unchecked((int)0xFFC00001);   // a NaN payload no score produces
    private int maxBits = Empty;

    /// <summary>The next observer in the tap chain.</summary>
    public IScoreSink? Next { get; set; }

    public void OnWindow(in WindowScore w)
    {
        float score = w.Score;
        if (float.IsFinite(score))
        {
            int seen = Volatile.Read(ref maxBits);
            while (seen == Empty || score > BitConverter.Int32BitsToSingle(seen))
            {
                int was = Interlocked.CompareExchange(ref maxBits, BitConverter.SingleToInt32Bits(score), seen);
                if (was == seen) break;
                seen = was;
            }
        }
        Next?.OnWindow(w);
    }

    public void OnEvent(in DetectorEvent e) => Next?.OnEvent(e);

    public void OnDrift(in DriftEvent e) => Next?.OnDrift(e);

    /// <summary>The highest score since the last call, or null when no window was scored since.</summary>
    public float? Take()
    {
        int bits = Interlocked.Exchange(ref maxBits, Empty);
        return bits == Empty ? null : BitConverter.Int32BitsToSingle(bits);
    }
}
