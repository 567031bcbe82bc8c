using EdgeAE.Device.Alerts;
using EdgeAE.Device.Commissioning;
using EdgeAE.Device.Models;
using EdgeAE.Device.Options;
using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sources;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Pipeline;

/// <summary>
/// The daemon's data path. The source runs on its own thread and hands frames over a bounded,
/// pre-allocated <see cref="FrameQueue"/>; this thread checks sensor health on every frame, holds
/// frames back by the stuck-detection span (<see cref="DelayLine"/>), maps channels, and pushes
/// into the <see cref="StreamingScorer"/>, whose events drive the alert outputs and the journal.
/// A sensor fault suspends scoring (and ends any episode) instead of producing anomalies; model
/// swaps happen here, between frames. The pipeline owns its scorer, which owns the bundle: nothing
/// native is freed while <see cref="Run"/> executes (<see cref="TryDispose"/> waits for it).
/// </summary>
public sealed class ScoringPipeline : IScoreSink, IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly IFrameSource source;
    private readonly DeviceOptions options;
    private readonly ModelSlot slot;
    private readonly AlertController alerts;
    private readonly EventReporter reporter;
    private readonly Liveness liveness;
    private readonly ILogger logger;
    private readonly SensorHealthMonitor health;
    private readonly DelayLine delay;
    private readonly ICommissioning? commissioning;
    private readonly StreamClock clock;
    private readonly ManualResetEventSlim idle = new(initialState: true);
    private readonly object lifecycle = new();
    private bool closing;
    private readonly float[] frame;
    private readonly float[] released;
    private StreamingScorer scorer;
    private ChannelMap map;
    private float[] mapped;
    private string modelId;
    private AlertLevel level;
    private bool suspended;     // scoring paused by a sensor fault
    private long lastStatusTimestamp;
    private long lastJournalRetry;
    private volatile bool recommission;
    private FrameQueue? queue;

    /// <summary>Takes ownership of <paramref name="bundle"/> (disposed with the pipeline, or at once if construction fails).</summary>
    public ScoringPipeline(IFrameSource source, Bundle bundle, DeviceOptions options, ModelSlot slot, AlertController alerts,
        EventReporter reporter, Liveness liveness, ICommissioning? commissioning, StreamClock clock, ILogger logger)
    {
        try
        {
            this.clock = clock;
            lastStatusTimestamp = clock.Time.GetTimestamp();
            this.source = source;
            this.options = options;
            this.slot = slot;
            this.alerts = alerts;
            this.reporter = reporter;
            this.liveness = liveness;
            this.commissioning = commissioning;
            this.logger = logger;
            health = new SensorHealthMonitor(source.Channels, options.Health, clock.Time);
            // Hold frames back as long as the longest stuck run any check (ours or the source's own) needs
            // to recognise: whichever sees a freeze first, its frames are still here to be dropped.
            delay = new DelayLine(Math.Max(options.Health.StuckSamples, source.StuckDetectionSamples), source.Channels.Count);
            frame = new float[source.Channels.Count];
            released = new float[source.Channels.Count];
            map = ChannelMap.TryCreate(source.Channels, bundle.Manifest.Channels, out var problem)
                  ?? throw new Hosting.StartupException($"Source: {problem}");
            if (!map.ByName)
                logger.LogWarning("source channels [{Source}] do not name the model's [{Model}]: mapping by position",
                    string.Join(", ", source.Channels), string.Join(", ", bundle.Manifest.Channels));
            mapped = new float[map.ModelChannels];
            modelId = Id(bundle);
            scorer = StreamingScorer.Owning(bundle, ScorerOptions, this);
        }
        catch
        {
            bundle.Dispose();
            throw;
        }
        commissioning?.Attach(scorer);
    }

    public StreamingScorer Scorer => scorer;
    public IReadOnlyList<string> SourceChannels => source.Channels;
    public SensorHealthMonitor Health => health;
    public long FramesDropped { get; private set; }
    public long FramesIn { get; private set; }

    /// <summary>Windows scored since start, across scorer restarts (sensor faults) and model swaps.</summary>
    public long WindowsScored { get; private set; }

    /// <summary>Optional observer of every window score and detector event (diagnostics, tests), called on the scoring thread.</summary>
    public IScoreSink? Tap { get; set; }

    /// <summary>Optional: on-board learning, fed every healthy frame (Model:Learn).</summary>
    public Learning.OnBoardLearner? Learner { get; set; }

    /// <summary>Optional: times each scorer call that ran inference (the metrics endpoint's histogram).</summary>
    public Metrics.LatencyHistogram? InferenceTime { get; set; }

    /// <summary>Frames the live source could not hand over (counted while running).</summary>
    public long FramesDroppedNow => queue?.Dropped ?? FramesDropped;

    public bool Commissioning => commissioning is not null;

    /// <summary>Asks the scoring thread to start commissioning again (false when commissioning is not configured).</summary>
    public bool RequestRecommission()
    {
        if (commissioning is null) return false;
        recommission = true;
        return true;
    }

    /// <summary>Checks a candidate bundle against the source (used by the model watcher before offering it).</summary>
    public static string? Compatibility(IReadOnlyList<string> sourceChannels, BundleManifest m)
    {
        ChannelMap.TryCreate(sourceChannels, m.Channels, out var problem);
        return problem;
    }

    public ScorerOptions ScorerOptions => new()
    {
        MicroBatch = options.Model.MicroBatch,
        MaxLatency = options.Model.MicroBatch > 1 ? options.Model.MaxLatency : TimeSpan.Zero,
        BadSamples = options.Model.BadSamples,
        AdaptiveThreshold = options.Model.AdaptiveThreshold,
        MonitorDrift = options.Model.DriftMonitor,
    };

    /// <summary>The adaptive threshold's persisted state (set by the host; null = not kept across restarts).</summary>
    public AdaptiveStateStore? AdaptiveState { get; set; }

    /// <summary>After every change of detector (start, commissioning, swap): continue from the learned state.</summary>
    private void Armed() => AdaptiveState?.Attach(scorer.Bundle, scorer.Detector);

    /// <summary>Runs until the source ends (finite sources) or <paramref name="cancellation"/> fires.</summary>
    public void Run(CancellationToken cancellation)
    {
        lock (lifecycle)
        {
            ObjectDisposedException.ThrowIf(closing, this);
            idle.Reset();
        }
        try
        {
            Armed();
            RunLoop(cancellation);
        }
        finally
        {
            AdaptiveState?.SaveNow(scorer.Detector);
            idle.Set();
        }
    }

    /// <summary>
    /// Frees the scorer (ORT bindings, session, bundle) once <see cref="Run"/> has returned, waiting up
    /// to <paramref name="timeout"/> for it. False when the loop is still inside the model after that:
    /// then nothing native is freed (the process exit reclaims it) rather than freed under a running thread.
    /// </summary>
    public bool TryDispose(TimeSpan timeout)
    {
        lock (lifecycle) closing = true;   // a Run that has not started yet never will
        if (!idle.Wait(timeout)) return false;
        scorer.Dispose();
        return true;
    }

    public void Dispose() => TryDispose(Timeout.InfiniteTimeSpan);

    private void RunLoop(CancellationToken cancellation)
    {
        var overflow = options.Source.Overflow ?? (source.IsFinite ? OverflowPolicy.Block : OverflowPolicy.Drop);
        var queue = new FrameQueue(options.Source.EffectiveQueueFrames, source.Channels.Count, overflow, cancellation);
        this.queue = queue;
        var producer = new Thread(() =>
        {
            try
            {
                source.Run(queue, cancellation);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A source that dies is a sensor fault ("down"), not a crash of the daemon.
                queue.ReportFault(new SensorFault("source", SensorFaultKind.Down, $"{source.Description}: {e.Message}"));
                logger.LogError("source failed: {Problem}", e.Message);
                return;
            }
            queue.Complete();
        })
        { IsBackground = true, Name = "source" };
        producer.Start();

        while (!cancellation.IsCancellationRequested)
        {
            liveness.Beat();
            if (slot.TryTake(out var next)) Swap(next);
            if (recommission) Recommission();
            // Faults in stream order: those reported after the frames read so far.
            while (queue.TryTakeFault(out var f))
                if (health.Report(f, out var change)) OnHealthChange(change, StreamNow);

            if (!queue.TryRead(frame, out var t, Poll))
            {
                if (queue.IsDrained)
                {
                    while (queue.TryTakeFault(out var last))
                        if (health.Report(last, out var change)) OnHealthChange(change, StreamNow);
                    break;
                }
                if (health.CheckSilence(out var silence)) OnHealthChange(silence, StreamNow);
                scorer.Flush();
                Status(queue);
                continue;
            }
            FramesIn++;
            OnFrame(t);
            if ((FramesIn & 1023) == 0) Status(queue);
        }
        // End of data: what is still held back is good data; score it.
        if (!suspended)
            while (delay.TryTake(released, out var rt)) PushToScorer(rt, released);
        scorer.Flush();
        FramesDropped = queue.Dropped;
        if (queue.Dropped > 0)
            logger.LogWarning("the scorer fell behind the source: {Dropped} frames dropped (counted, never silent)", queue.Dropped);
    }

    private void OnFrame(DateTime t)
    {
        if (health.Check(frame, out var change)) OnHealthChange(change, t);
        if (suspended)
        {
            Learner?.Faulted();
            return;
        }
        if (delay.Push(t, frame, released, out var rt)) PushToScorer(rt, released);
    }

    private void PushToScorer(DateTime t, float[] values)
    {
        // Frames reach here only after the health checks and the stuck-run delay line: what is recorded is healthy.
        Learner?.Record(t, values);
        map.Apply(values, mapped);
        long started = System.Diagnostics.Stopwatch.GetTimestamp(), before = WindowsScored;
        scorer.Push(t, mapped);
        if (WindowsScored != before) InferenceTime?.Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        if (commissioning is not null && commissioning.TakeThresholds(out var spec))
        {
            scorer.SetThresholds(spec);
            Armed();
            reporter.Note("commissioned", commissioning.Summary(spec), modelId);
        }
    }

    private void OnHealthChange(in SensorFaultChange change, DateTime at)
    {
        alerts.SetSensorFault(change.Active);
        reporter.SensorFault(change, at);
        if (!change.Active)
        {
            suspended = false;
            return;
        }
        // With BadSamples=HoldLast the scorer repairs NaN/Inf values itself: the fault is signalled but scoring goes on.
        if (change.Kind == SensorFaultKind.NonFinite && options.Model.BadSamples == Runtime.Streaming.BadSamplePolicy.HoldLast) return;
        bool wasSuspended = suspended;
        suspended = true;
        // Frames held back before a stuck run are the run itself: discard them. Before any other
        // fault they are good data and are scored; either way the window restarts after the fault.
        if (change.Kind == SensorFaultKind.Stuck) delay.Clear();
        else while (delay.TryTake(released, out var rt)) PushToScorer(rt, released);
        if (wasSuspended) return;
        scorer.Flush();
        EndEpisode(at, "sensor fault: monitoring suspended");
        // A fresh window and detector on the same model: the ORT session, bindings and buffers stay.
        scorer.Reset();
        commissioning?.Attach(scorer);
    }

    private void Swap(Bundle next)
    {
        scorer.Flush();
        var newMap = ChannelMap.TryCreate(source.Channels, next.Manifest.Channels, out var problem);
        if (newMap is null)
        {
            reporter.Note("model-rejected", problem!, Id(next));
            next.Dispose();
            return;
        }
        EndEpisode(StreamNow, "model reloaded");
        scorer.SwapBundle(next);   // the scorer owns bundles: it disposes the one it replaces
        alerts.SetDrift(false);
        Armed();
        string oldId = modelId;
        modelId = Id(next);
        map = newMap;
        mapped = new float[map.ModelChannels];
        commissioning?.Attach(scorer);
        reporter.Note("model-reloaded", $"{next.Path}: {oldId} → {modelId}, {(next.Manifest.Thresholds is null ? "no thresholds" : $"warning {next.Manifest.Thresholds.Warning:G4}, alarm {next.Manifest.Thresholds.Alarm:G4}")}", modelId);
    }

    private void Recommission()
    {
        recommission = false;
        scorer.Flush();
        EndEpisode(StreamNow, "re-commissioning");
        commissioning!.Restart(scorer);
        reporter.Note("recommissioning", $"thresholds cleared; collecting {options.Model.Commissioning.Duration} of normal scores", modelId);
    }

    /// <summary>Ends an open episode when the device stops judging (sensor fault, model swap): outputs off, a journaled "cleared".</summary>
    private void EndEpisode(DateTime at, string reason)
    {
        if (level == AlertLevel.Normal) return;
        var e = new DetectorEvent(DetectorEventKind.Cleared, AlertLevel.Normal, level, at, at, 0, 0, 0, -1, -1, -1);
        level = AlertLevel.Normal;
        alerts.SetLevel(AlertLevel.Normal);
        reporter.Detector(e, scorer.Manifest.Channels, modelId, reason);
    }

    public void OnWindow(in WindowScore score)
    {
        WindowsScored++;
        AdaptiveState?.MaybeSave(scorer.Detector);
        commissioning?.OnWindow(score.Score, score.End);
        Tap?.OnWindow(score);
    }

    public void OnEvent(in DetectorEvent e)
    {
        level = e.Level;
        alerts.SetLevel(e.Level);
        reporter.Detector(e, scorer.Manifest.Channels, modelId);
        Tap?.OnEvent(e);
    }

    public void OnDrift(in DriftEvent e)
    {
        alerts.SetDrift(scorer.Drift is { DriftingChannels: > 0 });
        reporter.Drift(e, scorer.Manifest.Channels, modelId);
        // The drift event's recommended action, taken (Model:Learn:OnDrift): the old model guards the machine meanwhile.
        if (e.Started && options.Model.Learn.OnDrift && Learning.LearnFeature.IsSupported)
            Learner?.RequestRelearn($"drift on {(e.Change.Channel < scorer.Manifest.ChannelCount ? scorer.Manifest.Channels[e.Change.Channel] : "#" + e.Change.Channel)}", journalRejection: false);
        Tap?.OnDrift(e);
    }

    private void Status(FrameQueue queue)
    {
        // Events held while the journal could not be written go out as soon as it can (every 5 s at most here).
        if (reporter.Held > 0 && clock.Time.GetElapsedTime(lastJournalRetry) >= TimeSpan.FromSeconds(5))
        {
            lastJournalRetry = clock.Time.GetTimestamp();
            reporter.RetryHeld();
        }
        if (options.Health.StatusEverySeconds <= 0) return;
        long now = clock.Time.GetTimestamp();
        if (clock.Time.GetElapsedTime(lastStatusTimestamp, now).TotalSeconds < options.Health.StatusEverySeconds) return;
        lastStatusTimestamp = now;
        logger.LogInformation("status: {Frames} frames, {Windows} windows scored, level {Level}, queue {Queued}/{Capacity}, {Dropped} dropped, sensor {Health}, journal {Journal}",
            FramesIn, WindowsScored, EventReporter.Name(level), queue.Count, queue.Capacity, queue.Dropped,
            health.Faulted ? $"fault ({health.Kind.Name()} {health.Sensor})" : "ok",
            reporter.JournalWritable ? "ok" : $"NOT WRITABLE ({reporter.Held} events held)");
    }

    /// <summary>"Now" on the time base of the source's frames (sensor faults found between frames are stamped with it).</summary>
    private DateTime StreamNow => source.RecordedTime ? clock.WallNow : clock.Now;

    private static string Id(Bundle b) => b.Manifest.Provenance.GraphSha256.Length >= 12 ? b.Manifest.Provenance.GraphSha256[..12] : "?";
}
