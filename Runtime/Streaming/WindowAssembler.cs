using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Streaming;

/// <summary>
/// Turns a stream of frames into windows of W frames every H accepted frames. Frames are validated
/// (bad-sample policy), normalized once on arrival and kept in a mirrored ring (each frame written
/// twice, W apart) so the newest window is always one contiguous span: no per-window copies
/// beyond the one into the model's input tensor, and no allocation after construction.
/// </summary>
public sealed class WindowAssembler
{
    private readonly int window;
    private readonly int hop;
    private readonly int channels;
    private readonly TensorLayout layout;
    private readonly Normalizer normalizer;
    private readonly BadSamplePolicy policy;
    private readonly float[] ring;        // 2·W slots of C normalized values
    private readonly float[] lastGood;    // raw units
    private readonly float[] repaired;
    private readonly DateTime[] times;    // W slots
    private bool haveLastGood;
    private int next;                     // slot of the next frame, 0..W-1
    private long accepted;
    private long sinceLastWindow;

    public WindowAssembler(BundleManifest manifest, BadSamplePolicy policy = BadSamplePolicy.Reject)
    {
        window = manifest.Window;
        hop = manifest.Hop;
        channels = manifest.ChannelCount;
        layout = manifest.Layout;
        this.policy = policy;
        normalizer = new Normalizer(manifest.Normalization, channels);
        ring = new float[2 * window * channels];
        lastGood = new float[channels];
        repaired = new float[channels];
        times = new DateTime[window];
    }

    public int Window => window;
    public int Hop => hop;
    public int Channels => channels;
    public int WindowValues => window * channels;

    public long FramesAccepted => accepted;
    public long FramesRejected { get; private set; }
    public long ValuesRepaired { get; private set; }
    /// <summary>Windows completed so far; the newest has index WindowsCompleted − 1.</summary>
    public long WindowsCompleted { get; private set; }

    /// <summary>Timestamp of the newest window's first and last frame.</summary>
    public DateTime WindowStart => times[next % window];
    public DateTime WindowEnd => times[(next + window - 1) % window];

    /// <summary>0-based index (among accepted frames) of the newest window's last frame.</summary>
    public long WindowEndFrame => accepted - 1;

    public PushResult Push(in SampleFrame frame) => Push(frame.Timestamp, frame.Values);

    public PushResult Push(DateTime timestamp, ReadOnlySpan<float> values)
    {
        if (values.Length != channels)
        {
            FramesRejected++;
            return PushResult.RejectedChannelCount;
        }
        ReadOnlySpan<float> clean = values;
        if (!AllFinite(values))
        {
            if (policy == BadSamplePolicy.Reject || !haveLastGood)
            {
                FramesRejected++;
                return PushResult.RejectedNonFinite;
            }
            for (int c = 0; c < channels; c++)
            {
                bool ok = float.IsFinite(values[c]);
                repaired[c] = ok ? values[c] : lastGood[c];
                if (!ok) ValuesRepaired++;
            }
            clean = repaired;
        }
        clean.CopyTo(lastGood);
        haveLastGood = true;

        var slot = ring.AsSpan(next * channels, channels);
        normalizer.Apply(clean, slot);
        slot.CopyTo(ring.AsSpan((next + window) * channels, channels));
        times[next] = timestamp;
        next = next + 1 == window ? 0 : next + 1;
        accepted++;
        sinceLastWindow++;

        if (accepted < window) return PushResult.Accepted;
        if (accepted == window || sinceLastWindow >= hop)
        {
            sinceLastWindow = 0;
            WindowsCompleted++;
            return PushResult.WindowReady;
        }
        return PushResult.Accepted;
    }

    /// <summary>The newest window, normalized, time-major (W × C), valid until the next push.</summary>
    public ReadOnlySpan<float> CurrentWindow => ring.AsSpan(next * channels, window * channels);

    /// <summary>Writes the newest window into a model input slot in the manifest's layout.</summary>
    public void CopyWindowTo(Span<float> destination) =>
        WindowLayout.ToModel(CurrentWindow, destination, layout, window, channels);

    public void Reset()
    {
        next = 0;
        accepted = 0;
        sinceLastWindow = 0;
        haveLastGood = false;
        WindowsCompleted = 0;
        Array.Clear(ring);
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
