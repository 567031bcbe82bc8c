using EdgeAE.Device.Alerts;
using EdgeAE.Device.Commissioning;
using EdgeAE.Device.Pipeline;
using EdgeAE.Plant.Sparkplug;

namespace EdgeAE.Device.Plant;

/// <summary>Takes a <see cref="TelemetrySample"/> of the running daemon (any thread; reads counters the scoring thread writes).</summary>
public sealed class TelemetrySampler
{
    private readonly ScoringPipeline pipeline;
    private readonly LiveStatus status;
    private readonly AlertController alerts;
    private readonly CommissioningSession? commissioning;
    private readonly Func<long> backlog;
    private readonly TimeProvider time;

    public TelemetrySampler(ScoringPipeline pipeline, LiveStatus status, AlertController alerts, ICommissioning? commissioning, Func<long> backlog, TimeProvider time)
    {
        this.pipeline = pipeline;
        this.status = status;
        this.alerts = alerts;
        this.commissioning = commissioning as CommissioningSession;
        this.backlog = backlog;
        this.time = time;
    }

    public TelemetrySample Sample()
    {
        var (score, _, contributions, alarms) = status.Read();
        var manifest = pipeline.Scorer.Manifest;
        var p = manifest.Provenance;
        var channels = manifest.Channels.ToArray();
        string state = pipeline.Health.Faulted ? "sensor-fault"
            : commissioning is { Armed: false } ? "commissioning"
            : "running";
        return new TelemetrySample
        {
            At = time.GetUtcNow().UtcDateTime,
            State = state,
            Score = score,
            Level = EventReporter.Name(alerts.Level),
            ModelHash = p.GraphSha256.Length >= 12 ? p.GraphSha256[..12] : p.GraphSha256,
            ModelVersion = $"{p.Precision.ToString().ToLowerInvariant()} {p.CreatedUtc:yyyy-MM-ddTHH:mm:ssZ}",
            Channels = channels,
            Contributions = contributions.Length == channels.Length ? contributions : new float[channels.Length],
            FramesIn = pipeline.FramesIn,
            FramesDropped = pipeline.FramesDroppedNow,
            FramesRejected = pipeline.Scorer.FramesRejected,
            WindowsScored = pipeline.WindowsScored,
            SensorFaults = pipeline.Health.Faults,
            AlarmsToday = alarms,
            Backlog = backlog(),
        };
    }
}
