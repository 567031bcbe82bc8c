using EdgeAE.Device.Alerts;
using EdgeAE.Device.Commissioning;
using EdgeAE.Device.Journal;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Plant;

/// <summary>The MQTT side of the daemon, built when <c>Mqtt:Enabled</c>: outbox on the journal, telemetry backlog, commands, deploy, and the link itself.</summary>
public sealed class PlantParts : IDisposable
{
    private readonly SemaphoreSlim signal = new(0);

    public PlantParts(DeviceOptions options, EventJournal journal, EventReporter reporter, ScoringPipeline pipeline, LiveStatus status,
        AlertController alerts, ICommissioning? commissioning, ILoggerFactory logs, TimeProvider time)
    {
        var m = options.Mqtt;
        var logger = logs.CreateLogger("Mqtt");
        Outbox = new JournalOutbox(journal, new OutboxCursor(journal.Folder, journal.LastSeq, time), signal);
        Backlog = new TelemetryBacklog(m.MaxBacklogBytes);
        Sampler = new TelemetrySampler(pipeline, status, alerts, commissioning, () => Outbox.Pending + Backlog.Count, time);
        Deployer = new BundleDeployer(options.Model, m.Deploy, pipeline.SourceChannels, reporter, logs.CreateLogger("Deploy"));
        Commands = new CommandDispatcher(alerts, pipeline, reporter, Deployer, logger);
        string node = PlantIdentity.NodeId(m);
        IPlantProtocol protocol = m.Protocol == PlantProtocol.SparkplugB
            ? new SparkplugProtocol(m.Group, node, m.Device, m.Qos)
            : new JsonProtocol(m.TopicPrefix, m.Group, node, m.Qos);
        Link = new PlantLink(m, protocol, Outbox, Backlog, Sampler, Commands, new BdSeqStore(journal.Folder), signal, time, logger);
    }

    public JournalOutbox Outbox { get; }
    public TelemetryBacklog Backlog { get; }
    public TelemetrySampler Sampler { get; }
    public BundleDeployer Deployer { get; }
    public CommandDispatcher Commands { get; }
    public PlantLink Link { get; }

    public void Dispose()
    {
        Link.Dispose();
        Deployer.Dispose();
        Outbox.Dispose();
        signal.Dispose();
    }
}
