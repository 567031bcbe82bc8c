using System.Threading.Channels;
using EdgeAE.Device.Alerts;
using EdgeAE.Device.Pipeline;
using EdgeAE.Plant.Commands;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Plant;

/// <summary>
/// Carries out plant commands one at a time on the link's command task: acknowledge (latched
/// outputs off, as the button would), re-commission (handed to the scoring thread), relearn (handed to
/// the on-board learner), rebirth, deploy.
/// Every outcome is journaled, so it reaches the plant through the outbox like any other event.
/// </summary>
public sealed class CommandDispatcher
{
    private readonly Channel<(PlantCommand Command, byte[] Chunk)> queue =
        Channel.CreateBounded<(PlantCommand, byte[])>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly OperatorActions actions;
    private readonly ScoringPipeline pipeline;
    private readonly EventReporter reporter;
    private readonly BundleDeployer deployer;
    private readonly ILogger logger;

    public CommandDispatcher(AlertController alerts, ScoringPipeline pipeline, EventReporter reporter, BundleDeployer deployer, ILogger logger)
    {
        actions = new OperatorActions(alerts, pipeline, reporter);
        this.pipeline = pipeline;
        this.reporter = reporter;
        this.deployer = deployer;
        this.logger = logger;
    }

    /// <summary>Set by the link: a rebirth re-sends the births on the current connection.</summary>
    public Action? RebirthRequested { get; set; }

    public void Enqueue(PlantCommand command, byte[] chunk)
    {
        if (!queue.Writer.TryWrite((command, chunk)))
            logger.LogWarning("mqtt: command queue full; '{Command}' dropped", command.Command);
    }

    public async Task RunAsync(CancellationToken stop)
    {
        await foreach (var (command, chunk) in queue.Reader.ReadAllAsync(stop).ConfigureAwait(false))
        {
            try
            {
                await ExecuteAsync(command, chunk, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError("mqtt: command '{Command}' failed: {Problem}", command.Command, e.Message);
            }
        }
    }

    public async Task ExecuteAsync(PlantCommand command, byte[] chunk, CancellationToken stop)
    {
        switch (command.Command)
        {
            case PlantCommand.RebirthName:
                RebirthRequested?.Invoke();
                break;
            case PlantCommand.AcknowledgeName:
                actions.Acknowledge("a plant command");
                break;
            case PlantCommand.RecommissionName:
                actions.Recommission("a plant command");
                break;
            case PlantCommand.RelearnName:
                // Behind the trim switch: the 12 MB package has no learner and says so.
                if (Learning.LearnFeature.IsSupported && pipeline.Learner is { } learner) learner.RequestRelearn("a plant command");
                else reporter.Note("command-rejected", "relearn: on-board learning is not enabled (set Model:Learn:Enabled, in a package built with ./publish.sh --learn)");
                break;
            case PlantCommand.DeployName:
                await deployer.HandleAsync(command, chunk, stop).ConfigureAwait(false);
                break;
            default:
                reporter.Note("command-rejected", $"unknown command '{command.Command}'");
                break;
        }
    }
}
