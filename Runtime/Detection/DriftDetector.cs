using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Detection;

/// <summary>
/// Watches each channel's raw input for a lasting shift away from the data the bundle was
/// calibrated on: a two-sided Page–Hinkley test with the reference mean known (the calibration
/// data's), on zₜ = (xₜ − μ₀) / σ₀. Upwards gₜ = max(0, gₜ₋₁ + zₜ − δ), downwards
/// hₜ = max(0, hₜ₋₁ − zₜ − δ); a channel drifts when g or h exceeds λ (with a known mean this is
/// Page's CUSUM form of the test). A drifting channel is then watched for its return: the statistic
/// rₜ = max(0, rₜ₋₁ + δ − |zₜ|) (evidence that |z| is back within δ) clears it at λ. So a shift of
/// s σ is reported after about λ / (s − δ) frames, once per excursion, and an anomaly too short to
/// accumulate λ never is. Drift says "the inputs moved", not "the machine is faulty": whether to
/// alarm is the detector's job; a drift without an alarm means the model's idea of normal is aging.
/// No allocation after construction.
/// </summary>
public sealed class DriftDetector
{
    private readonly float[] offset;
    private readonly double[] inverseScale;
    private readonly double delta;
    private readonly double lambda;
    private readonly double[] up;
    private readonly double[] down;
    private readonly double[] back;
    private readonly double[] shiftSum;    // Σz over the current excursion's evidence (for the reported size)
    private readonly long[] shiftFrames;
    private readonly sbyte[] state;        // 0 steady, +1 drifted up, −1 drifted down

    public DriftDetector(DriftSpec spec)
    {
        int channels = spec.ReferenceOffset.Length;
        offset = spec.ReferenceOffset.ToArray();
        inverseScale = spec.ReferenceScale.Select(s => 1.0 / s).ToArray();
        delta = spec.Delta;
        lambda = spec.Lambda;
        up = new double[channels];
        down = new double[channels];
        back = new double[channels];
        shiftSum = new double[channels];
        shiftFrames = new long[channels];
        state = new sbyte[channels];
    }

    public int Channels => offset.Length;

    /// <summary>Channels currently drifted.</summary>
    public int DriftingChannels { get; private set; }

    /// <summary>+1 drifted up, −1 down, 0 steady.</summary>
    public int StateOf(int channel) => state[channel];

    /// <summary>
    /// Feeds one accepted frame (sensor units). Returns true with the first channel whose state
    /// changed in <paramref name="change"/>; other channels changing on the same frame are reported
    /// on the following frames (their statistics stay above λ).
    /// </summary>
    public bool Update(ReadOnlySpan<float> frame, out DriftChange change)
    {
        change = default;
        bool changed = false;
        for (int c = 0; c < offset.Length; c++)
        {
            double z = (frame[c] - offset[c]) * inverseScale[c];
            if (!double.IsFinite(z)) continue;
            if (state[c] == 0)
            {
                up[c] = Math.Max(0, up[c] + z - delta);
                down[c] = Math.Max(0, down[c] - z - delta);
                if (up[c] > 0 || down[c] > 0) { shiftSum[c] += z; shiftFrames[c]++; }
                else { shiftSum[c] = 0; shiftFrames[c] = 0; }
                if (changed) continue;
                if (up[c] > lambda || down[c] > lambda)
                {
                    state[c] = (sbyte)(up[c] > lambda ? 1 : -1);
                    DriftingChannels++;
                    change = new DriftChange(c, state[c], shiftFrames[c] > 0 ? shiftSum[c] / shiftFrames[c] : z, shiftFrames[c]);
                    up[c] = down[c] = back[c] = 0;
                    changed = true;
                }
            }
            else
            {
                back[c] = Math.Max(0, back[c] + delta - Math.Abs(z));
                if (changed || back[c] <= lambda) continue;
                change = new DriftChange(c, 0, z, 0);
                state[c] = 0;
                DriftingChannels--;
                up[c] = down[c] = back[c] = shiftSum[c] = 0;
                shiftFrames[c] = 0;
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>Forgets all evidence (after recommissioning or a model swap).</summary>
    public void Reset()
    {
        Array.Clear(up);
        Array.Clear(down);
        Array.Clear(back);
        Array.Clear(shiftSum);
        Array.Clear(shiftFrames);
        Array.Clear(state);
        DriftingChannels = 0;
    }
}
