using EdgeAE.Device.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// Runs the scoring pipeline on a dedicated thread for the life of the host. A finite source that
/// ends stops the host (exit 0); an unexpected error puts the outputs in their safe state and stops
/// the host with exit code 1 so systemd's Restart=on-failure brings the service back.
/// </summary>
public sealed class DeviceWorker : BackgroundService
{
    private readonly DeviceComponents components;
    private readonly IHostApplicationLifetime lifetime;
    private readonly ILogger<DeviceWorker> logger;

    public DeviceWorker(DeviceComponents components, IHostApplicationLifetime lifetime, ILogger<DeviceWorker> logger)
    {
        this.components = components;
        this.lifetime = lifetime;
        this.logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var c = components;
        if (Learning.LearnFeature.IsSupported && c.FirstLearn is { } first)
        {
            await LearnFirstModelAsync(c, first, stoppingToken).ConfigureAwait(false);
            return;
        }
        var m = c.Manifest!;
        if (c.Options.Demo)
            logger.LogWarning("DEMO: simulator, demo bundle and simulated GPIO are allowed; this is not a plant installation");
        logger.LogInformation("model: {Path} ({Precision}, window {Window} × {Channels} channels, hop {Hop}; self-test score {Score:G4} in {Ms:0.#} ms)",
            c.Loader!.Path, m.Provenance.Precision, m.Window, m.ChannelCount, m.Hop, c.SelfTest.Score, c.SelfTest.Elapsed.TotalMilliseconds);
        if (m.Thresholds is { } th)
            logger.LogInformation("thresholds: warning {Warning:G4}, alarm {Alarm:G4}, raise after {Raise}, clear after {Clear}", th.Warning, th.Alarm, th.RaiseAfter, th.ClearAfter);
        else if (c.Commissioning is null)
            logger.LogWarning("the bundle has no thresholds: scoring without alarms (calibrate it with `edgeae calibrate` or set Model:Commissioning:Duration)");
        logger.LogInformation("source: {Source}", c.Source!.Description);
        logger.LogInformation("alerts: {Backend}; warning line {W}, alarm line {A}, sensor-fault line {F}{Latch}",
            c.Alerts.Pins.Description, c.Options.Alerts.WarningPin, c.Options.Alerts.AlarmPin, c.Options.Alerts.FaultPin, c.Options.Alerts.Latch ? $", latched until line {c.Options.Alerts.AckPin} is pressed" : "");
        logger.LogInformation("journal: {Path}", c.Journal!.ActivePath);
        c.Reporter!.Note("started", $"{c.Source.Description}; model {c.Loader.Path}", Id(c));
        c.Watcher?.Start();
        if (Learning.LearnFeature.IsSupported) c.Learner?.Start();
        StartupMemory.Release();

        try
        {
            await Task.Factory.StartNew(() => c.Pipeline!.Run(stoppingToken), stoppingToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested)
            {
                logger.LogInformation("source ended: {Frames} frames, {Windows} windows scored, {Faults} sensor faults",
                    c.Pipeline!.FramesIn, c.Pipeline.WindowsScored, c.Pipeline.Health.Faults);
                if (c.Options.Source.StopAtEnd) lifetime.StopApplication();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            c.Alerts.SafeState();
            logger.LogCritical(e, "pipeline failed: {Problem}", e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task LearnFirstModelAsync(DeviceComponents c, Learning.FirstLearn first, CancellationToken stoppingToken)
    {
        logger.LogWarning("no model at {Path}: learning a first one from {Source}; the warning and alarm outputs stay off until it is armed", c.Loader!.Path, c.Source!.Description);
        c.Reporter!.Note("started", $"{c.Source.Description}; no model yet, learning the first one into {c.Loader.Path}");
        c.Learner!.Start();
        bool learned = await Task.Factory.StartNew(() => first.Run(stoppingToken), stoppingToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        if (!learned) return;
        logger.LogWarning("first model learned into {Path}: exiting with {Code} so systemd starts the daemon on it", c.Loader.Path, Learning.FirstLearn.ExitToArm);
        Environment.ExitCode = Learning.FirstLearn.ExitToArm;
        lifetime.StopApplication();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        components.Alerts.SafeState();
        try
        {
            components.Reporter?.Note("stopped", $"{components.Pipeline?.FramesIn ?? 0} frames, {components.Pipeline?.WindowsScored ?? 0} windows", Id(components));
        }
        catch (IOException e)
        {
            logger.LogError("journal: cannot record the stop: {Problem}", e.Message);
        }
    }

    private static string Id(DeviceComponents c) => c.Pipeline?.Scorer.Manifest.Provenance.GraphSha256 is { Length: >= 12 } s ? s[..12] : "?";
}
