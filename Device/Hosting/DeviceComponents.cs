using EdgeAE.Device.Alerts;
using EdgeAE.Device.Commissioning;
using EdgeAE.Device.Journal;
using EdgeAE.Device.Metrics;
using EdgeAE.Device.Models;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Plant;
using EdgeAE.Device.Sources;
using EdgeAE.Runtime.Bundles;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// Everything the daemon runs with, built in a safe order before the host starts: GPIO first (so
/// outputs are in their safe state at once), then the journal, the model, the source. Any failure
/// is a <see cref="StartupException"/> with one line naming the key and the problem. Ownership is
/// explicit: the loaded bundle passes to the pipeline (whose scorer owns it); this class frees only
/// what it still holds, and frees the pipeline only once its scoring loop has ended.
/// </summary>
public sealed class DeviceComponents : IDisposable
{
    /// <summary>How long disposal waits for the scoring loop after the host's own shutdown wait.</summary>
    public static readonly TimeSpan LoopExitWait = TimeSpan.FromSeconds(5);

    /// <param name="readBundle">How the bundle file is read (<see cref="BundleFile.Read"/>); a seam for tests that count reads.</param>
    public DeviceComponents(DeviceOptions options, ILoggerFactory logs, Liveness liveness, TimeProvider? time = null, Func<string, BundleFile>? readBundle = null)
    {
        time ??= TimeProvider.System;
        Options = options;
        var log = logs.CreateLogger("EdgeAE");
        Logger = log;
        Clock = new StreamClock(time ?? TimeProvider.System);
        var pins = GpioBackendFactory.Create(options.Alerts, logs.CreateLogger("Gpio"));
        try
        {
            Alerts = new AlertController(pins, options.Alerts, Clock.Time);
        }
        catch
        {
            pins.Dispose();
            throw;
        }
        Alerts.SafeState();
        Bundle? loaded = null;
        try
        {
            // A journal that cannot be opened (read-only or full state directory) is not fatal: the
            // reporter logs it and holds events until it can write; judging and outputs go on.
            Journal = new EventJournal(StatePaths.Journal(options.Journal.Directory), options.Journal.MaxBytes, options.Journal.Keep, options.Journal.Fsync);
            Reporter = new EventReporter(Journal, logs.CreateLogger("Events"), options.Journal.Acknowledge, Clock);

            Loader = new ModelLoader(options.Model, options.Model.OptimizedModelCache ? StatePaths.ModelCache : null, readBundle);
            if (!File.Exists(Loader.Path) && options.Model.Learn.Enabled && Learning.LearnFeature.IsSupported)
            {
                FirstLearn = StartFirstLearn(options, logs, liveness);
                return;
            }
            if (!File.Exists(Loader.Path))
                throw new StartupException($"Model:Path: '{Loader.Path}' does not exist");
            // One read and (at most) one whole-file hash for the start: the cache's key and the
            // watcher's baseline are the same hash of the bytes the session was built from.
            BundleSnapshot started;
            try
            {
                started = Loader.Read();
                (loaded, SelfTest) = Loader.Load(started.File);
            }
            catch (BundleException e)
            {
                throw new StartupException($"Model:Path: {Loader.Path}: {e.Message}", e);
            }
            Manifest = loaded.Manifest;
            Source = SourceFactory.Create(options.Source, loaded.Manifest.Channels, Alerts.Pins, logs, Clock, loaded.Manifest.FrontEnd);
            Reporter.UseRecordedTime(Source.RecordedTime);
            Slot = new ModelSlot();
            Commissioning = options.Model.Commissioning.Duration > TimeSpan.Zero
                ? new CommissioningSession(options.Model.Commissioning, StatePaths.Commissioning(options.Model.Commissioning.StateDirectory), logs.CreateLogger("Commissioning"), Clock.Time)
                : null;
            var bundle = loaded;
            loaded = null;   // the pipeline owns it from here, also when its constructor fails
            Pipeline = new ScoringPipeline(Source, bundle, options, Slot, Alerts, Reporter, liveness, Commissioning, Clock, logs.CreateLogger("Pipeline"))
            {
                AdaptiveState = new AdaptiveStateStore(StatePaths.Adaptive(options.Model.AdaptiveStateDirectory), TimeSpan.FromSeconds(options.Model.AdaptiveStateSeconds), Clock.Time, logs.CreateLogger("Adaptive")),
            };
            if (options.Model.Learn.Enabled && !Learning.LearnFeature.IsSupported)
                throw new StartupException("Model:Learn:Enabled: this build has no on-board learning (publish it with ./publish.sh --learn)");
            if (options.Model.Learn.Enabled && Learning.LearnFeature.IsSupported)
                Pipeline.Learner = Learner = new Learning.OnBoardLearner(options.Model.Learn, StatePaths.Learn(options.Model.Learn.Directory),
                    Source.Channels, Loader.Path, Reporter, logs.CreateLogger("Learn"), Clock.Time);
            Status = new LiveStatus(Clock.Time);
            Pipeline.Tap = Status;
            Pipeline.InferenceTime = Inference;
            if (options.Mqtt.Enabled)
                Plant = new PlantParts(options, Journal, Reporter, Pipeline, Status, Alerts, Commissioning, logs, Clock.Time);
            Metrics = new DeviceMetrics(Pipeline, Status, Alerts, Inference,
                Plant is null ? null : () => (Plant.Outbox.Pending, Plant.Backlog.Count));
            var sourceChannels = Source.Channels;
            Watcher = options.Model.ReloadPollSeconds > 0
                ? new ModelWatcher(Loader, Slot, started,
                    m => ScoringPipeline.Compatibility(sourceChannels, m),
                    (path, reason) => Reporter.Note("model-rejected", $"{path}: {reason}"),
                    TimeSpan.FromSeconds(options.Model.ReloadPollSeconds), logs.CreateLogger("Model"))
                : null;
        }
        catch
        {
            loaded?.Dispose();
            Dispose();
            throw;
        }
    }

    /// <summary>No model yet and Model:Learn on: learning the first one (then there is no pipeline, plant link or watcher).</summary>
    internal Learning.FirstLearn? FirstLearn { get; }

    private Learning.FirstLearn StartFirstLearn(DeviceOptions options, ILoggerFactory logs, Liveness liveness)
    {
        // The channels come from the source itself (a replay's header, the simulator, the chips) or Source:Columns.
        Source = SourceFactory.Create(options.Source, options.Source.Columns, Alerts.Pins, logs, Clock);
        if (Source.Channels.Count == 0)
            throw new StartupException("Source:Columns: name the channels to learn a first model from (there is no model at Model:Path to take them from)");
        Reporter!.UseRecordedTime(Source.RecordedTime);
        if (options.Mqtt.Enabled) Logger.LogWarning("mqtt: not connected while the first model is learned (the plant link starts with the model)");
        Learner = new Learning.OnBoardLearner(options.Model.Learn, StatePaths.Learn(options.Model.Learn.Directory),
            Source.Channels, Loader!.Path, Reporter, logs.CreateLogger("Learn"), Clock.Time);
        return new Learning.FirstLearn(Source, options, Learner, Alerts, Reporter, liveness, Clock, logs.CreateLogger("Learn"));
    }

    public DeviceOptions Options { get; }
    public ILogger Logger { get; }
    public AlertController Alerts { get; }
    public EventJournal? Journal { get; }
    public EventReporter? Reporter { get; }
    public StreamClock Clock { get; }
    public ModelLoader? Loader { get; }
    /// <summary>The manifest of the bundle loaded at start (the pipeline's scorer owns the bundle itself).</summary>
    public BundleManifest? Manifest { get; }
    public BundleSelfTest.Result SelfTest { get; }
    public IFrameSource? Source { get; private set; }
    public ModelSlot? Slot { get; }
    public ICommissioning? Commissioning { get; }
    public ScoringPipeline? Pipeline { get; }
    public ModelWatcher? Watcher { get; }
    /// <summary>On-board learning, when Model:Learn:Enabled.</summary>
    public Learning.OnBoardLearner? Learner { get; private set; }
    public LiveStatus? Status { get; }
    public LatencyHistogram Inference { get; } = new();
    public DeviceMetrics? Metrics { get; }
    /// <summary>The MQTT link and its outbox, when Mqtt:Enabled.</summary>
    public PlantParts? Plant { get; }

    private bool disposed;

    /// <summary>Idempotent: the host's container and Program's last-chance cleanup may both call it.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Watcher?.Dispose();
        Alerts.Dispose();          // outputs to their safe state before anything else goes
        Source?.Dispose();
        // The host waited for the scoring loop (DeviceWorker); wait a little more, then free the
        // pipeline (scorer, bindings, bundle) only if the loop has really ended: freeing the native
        // session under a thread still inside it would crash the process, so then the OS reclaims it at exit.
        if (Pipeline is not null && !Pipeline.TryDispose(LoopExitWait))
            Logger.LogError("scoring thread still running at shutdown; leaving the model to process exit");
        Learner?.Dispose();
        Slot?.Dispose();
        (Commissioning as IDisposable)?.Dispose();
        Plant?.Dispose();
        Journal?.Dispose();
    }
}
