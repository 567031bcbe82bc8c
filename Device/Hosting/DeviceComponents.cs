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
/// is a <see cref="StartupException"/> with one line naming the key and the problem.
/// </summary>
public sealed class DeviceComponents : IDisposable
{
    public DeviceComponents(DeviceOptions options, ILoggerFactory logs, Liveness liveness, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        Options = options;
        var log = logs.CreateLogger("EdgeAE");
        Logger = log;
        var pins = GpioBackendFactory.Create(options.Alerts, logs.CreateLogger("Gpio"));
        try
        {
            Alerts = new AlertController(pins, options.Alerts);
        }
        catch
        {
            pins.Dispose();
            throw;
        }
        Alerts.SafeState();
        try
        {
            string journalDir = StatePaths.Journal(options.Journal.Directory);
            try
            {
                Journal = new EventJournal(journalDir, options.Journal.MaxBytes, options.Journal.Keep, options.Journal.Fsync);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StartupException($"Journal:Directory: cannot write '{journalDir}': {e.Message}", e);
            }
            Reporter = new EventReporter(Journal, logs.CreateLogger("Events"), options.Journal.Acknowledge);

            Loader = new ModelLoader(options.Model);
            if (!File.Exists(Loader.Path))
                throw new StartupException($"Model:Path: '{Loader.Path}' does not exist");
            try
            {
                (Bundle, SelfTest) = Loader.Load();
            }
            catch (BundleException e)
            {
                throw new StartupException($"Model:Path: {Loader.Path}: {e.Message}", e);
            }
            Source = SourceFactory.Create(options.Source, Bundle.Manifest.Channels, Alerts.Pins, logs);
            Slot = new ModelSlot();
            Commissioning = options.Model.Commissioning.Duration > TimeSpan.Zero
                ? new CommissioningSession(options.Model.Commissioning, StatePaths.Commissioning(options.Model.Commissioning.StateDirectory), logs.CreateLogger("Commissioning"))
                : null;
            Pipeline = new ScoringPipeline(Source, Bundle, options, Slot, Alerts, Reporter, liveness, Commissioning, logs.CreateLogger("Pipeline"));
            Status = new LiveStatus(time);
            Pipeline.Tap = Status;
            Pipeline.InferenceTime = Inference;
            if (options.Mqtt.Enabled)
                Plant = new PlantParts(options, Journal, Reporter, Pipeline, Status, Alerts, Commissioning, logs, time);
            Metrics = new DeviceMetrics(Pipeline, Status, Alerts, Inference,
                Plant is null ? null : () => (Plant.Outbox.Pending, Plant.Backlog.Count));
            var sourceChannels = Source.Channels;
            Watcher = options.Model.ReloadPollSeconds > 0
                ? new ModelWatcher(Loader, Slot, OnnxModelFile.FileSha256(Loader.Path),
                    m => ScoringPipeline.Compatibility(sourceChannels, m),
                    (path, reason) => Reporter.Note("model-rejected", $"{path}: {reason}"),
                    TimeSpan.FromSeconds(options.Model.ReloadPollSeconds), logs.CreateLogger("Model"))
                : null;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public DeviceOptions Options { get; }
    public ILogger Logger { get; }
    public AlertController Alerts { get; }
    public EventJournal? Journal { get; }
    public EventReporter? Reporter { get; }
    public ModelLoader? Loader { get; }
    public Bundle? Bundle { get; }
    public BundleSelfTest.Result SelfTest { get; }
    public IFrameSource? Source { get; }
    public ModelSlot? Slot { get; }
    public ICommissioning? Commissioning { get; }
    public ScoringPipeline? Pipeline { get; }
    public ModelWatcher? Watcher { get; }
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
        if (Pipeline is { Running: true })
        {
            // Shutdown timed out with the scoring thread still inside the model: freeing the native
            // session under it would crash the process; the OS reclaims it at exit instead.
            Logger.LogError("scoring thread still running at shutdown; leaving the model to process exit");
        }
        else
        {
            Pipeline?.Dispose();
            Slot?.Dispose();
            Pipeline?.Scorer.Bundle.Dispose();
            if (Pipeline is null) Bundle?.Dispose();
        }
        (Commissioning as IDisposable)?.Dispose();
        Plant?.Dispose();
        Journal?.Dispose();
    }
}
