using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Streaming;

namespace EdgeAE.Runtime.Scoring;

/// <summary>
/// The scoring chain shared by the device and the offline tool: frames → <see cref="WindowAssembler"/>
/// (preprocessing stages, normalization) → model input slots → <see cref="ReconstructionModel"/>
/// (micro-batched) → <see cref="ReconstructionError"/> → smoothing → <see cref="Detector"/> → sink,
/// with the input <see cref="DriftDetector"/> beside it. After construction nothing on this path
/// allocates. Not thread-safe: one thread pushes. A scorer made with <see cref="Owning"/> owns its
/// bundle (and every bundle swapped in): disposing the scorer, or swapping, disposes it. One made with
/// the constructor borrows the bundle from its caller, who disposes it after the scorer.
/// </summary>
/// <remarks>
/// When a preprocessing stage adapts only while the detector is Normal, every window is scored as
/// soon as it is complete (no micro-batching): the stage's next frame depends on the decision about
/// the previous window, and scoring at once makes that dependence the same offline and on the
/// device whatever their batch settings.
/// </remarks>
public sealed class StreamingScorer : IDisposable
{
    private readonly ScorerOptions options;
    private readonly IScoreSink? sink;
    private readonly bool ownsBundles;
    private Bundle bundle;
    private WindowAssembler assembler;
    private ReconstructionModel model;
    private ReconstructionError error;
    private Detector? detector;
    private DriftDetector? drift;
    private float[] contributions;
    private ScoreSmoothing smoothing;
    // Per pending slot: what the window was, recorded when it entered the batch.
    private DateTime[] pendingStart;
    private DateTime[] pendingEnd;
    private long[] pendingEndFrame;
    private int pending;

    /// <summary>A scorer that borrows <paramref name="bundle"/>: the caller keeps ownership and disposes it after the scorer.</summary>
    public StreamingScorer(Bundle bundle, ScorerOptions? options = null, IScoreSink? sink = null) : this(bundle, options, sink, ownsBundles: false) { }

    /// <summary>A scorer that owns <paramref name="bundle"/> and every bundle later swapped in (disposed when replaced, and with the scorer).</summary>
    public static StreamingScorer Owning(Bundle bundle, ScorerOptions? options = null, IScoreSink? sink = null) => new(bundle, options, sink, ownsBundles: true);

    private StreamingScorer(Bundle bundle, ScorerOptions? options, IScoreSink? sink, bool ownsBundles)
    {
        this.ownsBundles = ownsBundles;
        this.options = options ?? ScorerOptions.Default;
        if (this.options.MicroBatch < 1) throw new ArgumentOutOfRangeException(nameof(options), "MicroBatch must be ≥ 1");
        this.sink = sink;
        this.bundle = bundle;
        assembler = new WindowAssembler(bundle.Manifest, this.options.BadSamples);
        model = new ReconstructionModel(bundle, this.options.MicroBatch);
        error = new ReconstructionError(bundle.Manifest);
        contributions = new float[bundle.Manifest.ChannelCount];
        smoothing = new ScoreSmoothing(bundle.Manifest.Score.SmoothingAlpha);
        detector = MakeDetector(bundle.Manifest.Thresholds);
        drift = MakeDrift(bundle.Manifest);
        pendingStart = new DateTime[model.Capacity];
        pendingEnd = new DateTime[model.Capacity];
        pendingEndFrame = new long[model.Capacity];
    }

    public Bundle Bundle => bundle;
    public BundleManifest Manifest => bundle.Manifest;
    public AlertLevel Level => detector?.Level ?? AlertLevel.Normal;
    public bool Armed => detector is not null;
    /// <summary>The detector (null when not armed): its levels and adaptive threshold state.</summary>
    public Detector? Detector => detector;
    /// <summary>The input drift monitor (null when the bundle has none or it is switched off).</summary>
    public DriftDetector? Drift => drift;
    public long WindowsScored { get; private set; }
    public long NonFiniteScores { get; private set; }
    public long FramesAccepted => assembler.FramesAccepted;
    public long FramesRejected => assembler.FramesRejected;
    public long ValuesRepaired => assembler.ValuesRepaired;
    public int PendingWindows => pending;
    public int BatchCapacity => model.Capacity;

    public PushResult Push(in SampleFrame frame) => Push(frame.Timestamp, frame.Values);

    public PushResult Push(DateTime timestamp, ReadOnlySpan<float> values)
    {
        var result = assembler.Push(timestamp, values);
        if (drift is not null && (result is PushResult.Accepted or PushResult.WindowReady)
            && drift.Update(assembler.LastFrame, out var change))
            sink?.OnDrift(new DriftEvent(change, timestamp, assembler.FramesAccepted - 1));
        if (result == PushResult.WindowReady)
        {
            assembler.CopyWindowTo(model.InputSlot(pending));
            pendingStart[pending] = assembler.WindowStart;
            pendingEnd[pending] = assembler.WindowEnd;
            pendingEndFrame[pending] = assembler.WindowEndFrame;
            pending++;
            if (pending == model.Capacity || options.MaxLatency == TimeSpan.Zero || (assembler.HasGatedStages && detector is not null))
                RunPending();
        }
        if (pending > 0 && options.MaxLatency != TimeSpan.MaxValue && timestamp - pendingEnd[0] >= options.MaxLatency)
            RunPending();
        return result;
    }

    /// <summary>Scores windows waiting for batch mates (end of data, or a stalled stream).</summary>
    public void Flush()
    {
        if (pending > 0) RunPending();
    }

    /// <summary>Arms (or re-arms) the detector with new thresholds, e.g. after commissioning. Null disarms.</summary>
    public void SetThresholds(ThresholdSpec? thresholds)
    {
        bundle.Manifest.Thresholds = thresholds;
        detector = MakeDetector(thresholds);
        assembler.AdaptationHeld = false;
    }

    /// <summary>Sets (or removes) the input drift monitor, e.g. with the reference of a new commissioning.</summary>
    public void SetDrift(DriftSpec? spec)
    {
        bundle.Manifest.Drift = spec;
        drift = MakeDrift(bundle.Manifest);
    }

    /// <summary>
    /// Starts over on the same model after a gap in the data (a sensor fault): the window, the pending
    /// batch, the smoothing and the detector restart; the ORT session, bindings and buffers stay, so
    /// recovery allocates nothing. Pending windows are dropped, not scored (call <see cref="Flush"/> first
    /// to keep them). Preprocessing stages keep what they learned (see <see cref="WindowAssembler.Reset"/>).
    /// </summary>
    public void Reset()
    {
        pending = 0;
        assembler.Reset();
        assembler.AdaptationHeld = false;
        smoothing.Reset();
        detector?.Reset();
    }

    /// <summary>
    /// Swaps in a new bundle between windows. Pending windows are scored with the old model first.
    /// If the new bundle windows, preprocesses and normalizes exactly like the old one the ring is
    /// kept, so scoring continues without a warm-up gap; the detector restarts from Normal. An owning
    /// scorer disposes the replaced bundle and owns <paramref name="next"/>; a borrowing one leaves both
    /// to the caller.
    /// </summary>
    public void SwapBundle(Bundle next)
    {
        Flush();
        var old = bundle;
        var oldModel = model;
        var newModel = new ReconstructionModel(next, options.MicroBatch);
        if (!SameWindowing(old.Manifest, next.Manifest))
            assembler = new WindowAssembler(next.Manifest, options.BadSamples);
        assembler.AdaptationHeld = false;
        bundle = next;
        model = newModel;
        error = new ReconstructionError(next.Manifest);
        contributions = new float[next.Manifest.ChannelCount];
        smoothing = new ScoreSmoothing(next.Manifest.Score.SmoothingAlpha);
        detector = MakeDetector(next.Manifest.Thresholds);
        drift = MakeDrift(next.Manifest);
        pendingStart = new DateTime[model.Capacity];
        pendingEnd = new DateTime[model.Capacity];
        pendingEndFrame = new long[model.Capacity];
        oldModel.Dispose();
        if (ownsBundles) old.Dispose();
    }

    private Detector? MakeDetector(ThresholdSpec? thresholds) =>
        options.Detect && thresholds is not null ? new Detector(thresholds, bundle.Manifest.ChannelCount, options.AdaptiveThreshold) : null;

    private DriftDetector? MakeDrift(BundleManifest m) =>
        options.MonitorDrift && m.Drift is { } spec ? new DriftDetector(spec) : null;

    private static bool SameWindowing(BundleManifest a, BundleManifest b) =>
        a.Window == b.Window && a.Hop == b.Hop && a.Channels.AsSpan().SequenceEqual(b.Channels)
        && a.Normalization.Kind == b.Normalization.Kind
        && a.Normalization.Offset.AsSpan().SequenceEqual(b.Normalization.Offset)
        && a.Normalization.Scale.AsSpan().SequenceEqual(b.Normalization.Scale)
        && (a.FrontEnd is null ? b.FrontEnd is null : a.FrontEnd.SameAs(b.FrontEnd))
        && a.Preprocessing.Length == b.Preprocessing.Length
        && a.Preprocessing.Zip(b.Preprocessing).All(p => p.First.SameAs(p.Second));

    private void RunPending()
    {
        int count = pending;
        pending = 0;
        model.Run(count);
        for (int i = 0; i < count; i++)
        {
            float raw = error.Compute(model.InputSlot(i), model.OutputSlot(i), contributions);
            float score = smoothing.Next(raw);
            long index = WindowsScored++;
            if (!float.IsFinite(raw)) NonFiniteScores++;
            double warningLevel = detector?.WarningLevel ?? double.NaN, alarmLevel = detector?.AlarmLevel ?? double.NaN;
            sink?.OnWindow(new WindowScore(index, pendingStart[i], pendingEnd[i], pendingEndFrame[i], score, raw, contributions,
                error.ChannelErrors, warningLevel, alarmLevel));
            if (detector is null) continue;
            if (detector.Update(score, pendingStart[i], pendingEnd[i], contributions, out var e))
                sink?.OnEvent(e);
            assembler.AdaptationHeld = detector.Level != AlertLevel.Normal;
        }
    }

    private bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        model.Dispose();
        if (ownsBundles) bundle.Dispose();
    }
}
