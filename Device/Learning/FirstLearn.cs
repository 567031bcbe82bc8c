using System.Globalization;
using EdgeAE.Device.Alerts;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sources;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Learning;

/// <summary>
/// The daemon on a board with no model yet (Model:Learn on, nothing at Model:Path): the source's
/// frames go through the same health checks and stuck-run delay line as in scoring, healthy ones
/// to the recorder, until the learner has written the first bundle. Nothing judges the machine
/// meanwhile, so the warning and alarm outputs stay in their safe state (off; sensor faults still
/// drive the fault line), and once a minute the log and the journal say so. When the bundle is
/// written the daemon exits with <see cref="ExitToArm"/> and systemd (Restart=on-failure) starts it
/// again on the learned model: a full start with its self-test, rather than a second code path
/// that swaps a first model into a pipeline that never had one.
/// </summary>
internal sealed class FirstLearn(IFrameSource source, DeviceOptions options, OnBoardLearner learner, AlertController alerts,
    EventReporter reporter, Liveness liveness, StreamClock clock, ILogger logger)
{
    /// <summary>EX_TEMPFAIL: not a failure of the daemon, but systemd's Restart=on-failure restarts it on the learned model.</summary>
    public const int ExitToArm = 75;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly SensorHealthMonitor health = new(source.Channels, options.Health, clock.Time);
    private readonly DelayLine delay = new(Math.Max(options.Health.StuckSamples, source.StuckDetectionSamples), source.Channels.Count);
    private readonly float[] frame = new float[source.Channels.Count];
    private readonly float[] released = new float[source.Channels.Count];
    private bool suspended;
    private long lastStatus;

    /// <summary>How often the "no model yet" line goes to the log and the journal.</summary>
    public TimeSpan StatusEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Runs until the first bundle is written (true) or <paramref name="cancellation"/> fires (false).</summary>
    public bool Run(CancellationToken cancellation)
    {
        alerts.SafeState();
        var queue = new FrameQueue(options.Source.EffectiveQueueFrames, source.Channels.Count,
            options.Source.Overflow ?? (source.IsFinite ? OverflowPolicy.Block : OverflowPolicy.Drop), cancellation);
        var producer = new Thread(() => Produce(queue, cancellation)) { IsBackground = true, Name = "source" };
        producer.Start();
        Status(force: true);
        bool drained = false;
        while (!cancellation.IsCancellationRequested)
        {
            liveness.Beat();
            if (learner.State == "learned") return true;
            while (queue.TryTakeFault(out var f))
                if (health.Report(f, out var change)) OnHealthChange(change);
            if (drained || !queue.TryRead(frame, out var t, Poll))
            {
                if (!drained && queue.IsDrained)
                {
                    drained = true;   // a finite source ended: what is held back is good data; training may still run
                    if (!suspended)
                        while (delay.TryTake(released, out var rt)) learner.Record(rt, released);
                }
                if (drained) cancellation.WaitHandle.WaitOne(Poll);
                else if (health.CheckSilence(out var silence)) OnHealthChange(silence);
                Status(force: false);
                continue;
            }
            if (health.Check(frame, out var c)) OnHealthChange(c);
            if (suspended) learner.Faulted();
            else if (delay.Push(t, frame, released, out var rt)) learner.Record(rt, released);
            Status(force: false);
        }
        return false;
    }

    private void Produce(FrameQueue queue, CancellationToken cancellation)
    {
        try
        {
            source.Run(queue, cancellation);
            queue.Complete();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            queue.ReportFault(new SensorFault("source", SensorFaultKind.Down, $"{source.Description}: {e.Message}"));
            logger.LogError("source failed: {Problem}", e.Message);
        }
    }

    private void OnHealthChange(in SensorFaultChange change)
    {
        alerts.SetSensorFault(change.Active);
        reporter.SensorFault(change, source.RecordedTime ? clock.WallNow : clock.Now);
        if (change.Active && !suspended && change.Kind != SensorFaultKind.Stuck)
            while (delay.TryTake(released, out var rt)) learner.Record(rt, released);   // before the fault: good data
        if (change.Active) delay.Clear();   // after a stuck run: the run itself
        suspended = change.Active;
    }

    private void Status(bool force)
    {
        long now = clock.Time.GetTimestamp();
        if (!force && clock.Time.GetElapsedTime(lastStatus, now) < StatusEvery) return;
        lastStatus = now;
        string progress = learner.State switch
        {
            "recording" => string.Create(CultureInfo.InvariantCulture, $"recording ({learner.RowsRecorded}/{options.Model.Learn.Rows} rows, {learner.FramesFaulted} frames lost to sensor faults)"),
            "training" => "training",
            var s => $"{s}: see the learn-* entries; relearn or fix the cause",
        };
        reporter.Note("learn-no-model", $"no model at {options.Model.Path} yet: the machine is not monitored and the warning and alarm outputs stay off; learning the first model: {progress}");
    }
}
