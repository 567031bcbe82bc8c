using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming.FrontEnds;
using EdgeAE.Runtime.Streaming.Preprocessing;

namespace EdgeAE.Runtime.Streaming;

/// <summary>
/// Turns a stream of frames into windows of W frames every H accepted frames. Frames are validated
/// (bad-sample policy), run through the manifest's preprocessing stages and normalized once on
/// arrival, and kept in a mirrored ring (each frame written twice, W apart) so the newest window is
/// always one contiguous span: no per-window copies beyond the one into the model's input tensor,
/// and no allocation after construction. No window starts before the stages' warm-up has passed.
/// A manifest front end (spectrum, log-mel) turns each window into the model input as it is copied out.
/// </summary>
public sealed class WindowAssembler
{
    private readonly int window;
    private readonly int hop;
    private readonly int channels;
    private readonly TensorLayout layout;
    private readonly Normalizer normalizer;
    private readonly PreprocessingChain chain;
    private readonly FrontEnd? frontEnd;
    private readonly float[] features;    // the front end's output, before the layout
    private readonly BadSamplePolicy policy;
    private readonly float[] staged;      // one frame after the stages, before normalization
    private readonly float[] ring;        // 2·W slots of C normalized values
    private readonly float[] lastGood;    // raw units
    private readonly float[] repaired;
    private readonly DateTime[] times;    // W slots
    private bool haveLastGood;
    private int next;                     // slot of the next frame, 0..W-1
    private long accepted;                // since the last Reset
    private long chainFrames;             // frames the stages have seen since construction / ResetPreprocessing
    private long sinceLastWindow;

    public WindowAssembler(BundleManifest manifest, BadSamplePolicy policy = BadSamplePolicy.Reject)
    {
        window = manifest.Window;
        hop = manifest.Hop;
        channels = manifest.ChannelCount;
        layout = manifest.Layout;
        this.policy = policy;
        normalizer = new Normalizer(manifest.Normalization, channels);
        chain = new PreprocessingChain(manifest.Preprocessing, manifest.Channels);
        staged = new float[channels];
        ring = new float[2 * window * channels];
        lastGood = new float[channels];
        repaired = new float[channels];
        times = new DateTime[window];
        frontEnd = manifest.FrontEnd is { } spec ? FrontEnd.Create(spec, window, channels) : null;
        features = new float[frontEnd?.OutputValues ?? 0];
    }

    public int Window => window;
    public int Hop => hop;
    public int Channels => channels;
    public int WindowValues => window * channels;

    /// <summary>Values <see cref="CopyWindowTo"/> writes: the front end's output, or the window itself.</summary>
    public int ModelValues => frontEnd?.OutputValues ?? window * channels;

    public long FramesAccepted => accepted;

    /// <summary>Frames at the start whose stage output no window may contain.</summary>
    public int Warmup => chain.Warmup;

    /// <summary>True when a stage learns only while the detector is Normal (<see cref="AdaptationHeld"/> matters).</summary>
    public bool HasGatedStages => chain.HasGatedStage;

    /// <summary>
    /// Set by the scorer while the detector is above Normal: <c>while_normal</c> stages then hold their
    /// baselines, so an anomaly never becomes part of the baseline it is measured against.
    /// </summary>
    public bool AdaptationHeld { get; set; }

    /// <summary>The newest accepted frame in sensor units (after repair), before the stages.</summary>
    public ReadOnlySpan<float> LastFrame => lastGood;
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
        if (chain.IsEmpty) normalizer.Apply(clean, slot);
        else
        {
            clean.CopyTo(staged);
            chain.Apply(staged, detectorNormal: !AdaptationHeld);
            normalizer.Apply(staged, slot);
        }
        slot.CopyTo(ring.AsSpan((next + window) * channels, channels));
        times[next] = timestamp;
        next = next + 1 == window ? 0 : next + 1;
        accepted++;
        chainFrames++;
        sinceLastWindow++;

        // A window needs W frames since the last reset, all of them past the stages' warm-up.
        if (accepted < window || chainFrames < chain.Warmup + (long)window) return PushResult.Accepted;
        if (WindowsCompleted == 0 || sinceLastWindow >= hop)
        {
            sinceLastWindow = 0;
            WindowsCompleted++;
            return PushResult.WindowReady;
        }
        return PushResult.Accepted;
    }

    /// <summary>The newest window, normalized, time-major (W × C), valid until the next push.</summary>
    public ReadOnlySpan<float> CurrentWindow => ring.AsSpan(next * channels, window * channels);

    /// <summary>Writes the newest window (through the front end, if any) into a model input slot in the manifest's layout.</summary>
    public void CopyWindowTo(Span<float> destination)
    {
        if (frontEnd is null)
        {
            WindowLayout.ToModel(CurrentWindow, destination, layout, window, channels);
            return;
        }
        frontEnd.Transform(CurrentWindow, features);
        WindowLayout.ToModel(features, destination, layout, frontEnd.ModelWindow, channels);
    }

    /// <summary>
    /// Starts a new window sequence (e.g. after a sensor fault). The preprocessing stages keep what
    /// they learned: their baselines describe the machine, not the window, and frames dropped
    /// during a fault never reached them.
    /// </summary>
    public void Reset()
    {
        next = 0;
        accepted = 0;
        sinceLastWindow = 0;
        haveLastGood = false;
        WindowsCompleted = 0;
        Array.Clear(ring);
    }

    /// <summary>Also forgets the stages' state (a new model, or a recommissioned machine): the warm-up runs again.</summary>
    public void ResetPreprocessing()
    {
        Reset();
        chain.Reset();
        chainFrames = 0;
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
