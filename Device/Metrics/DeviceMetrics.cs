using EdgeAE.Device.Alerts;
using EdgeAE.Device.Pipeline;

namespace EdgeAE.Device.Metrics;

/// <summary>What the daemon exposes on /metrics, read at scrape time from the running parts.</summary>
public sealed class DeviceMetrics
{
    private readonly ScoringPipeline pipeline;
    private readonly LiveStatus status;
    private readonly AlertController alerts;
    private readonly Func<(long Events, long Telemetry)>? backlog;

    public DeviceMetrics(ScoringPipeline pipeline, LiveStatus status, AlertController alerts, LatencyHistogram inference, Func<(long, long)>? backlog)
    {
        this.pipeline = pipeline;
        this.status = status;
        this.alerts = alerts;
        Inference = inference;
        this.backlog = backlog;
    }

    public LatencyHistogram Inference { get; }

    public string Render()
    {
        var (score, _, contributions, alarms) = status.Read();
        var channels = pipeline.Scorer.Manifest.Channels;
        var x = new MetricsExposition();
        x.Gauge("edgeae_score", "Reconstruction-error score of the last window", score ?? double.NaN);
        x.Gauge("edgeae_level", "Alert level: 0 normal, 1 warning, 2 alarm", (int)alerts.Level);
        x.Gauge("edgeae_channel_contribution", "Share of the last window's error per channel", "channel",
            channels.Select((c, i) => (c, i < contributions.Length ? (double)contributions[i] : double.NaN)));
        x.Counter("edgeae_frames_total", "Frames read from the source", pipeline.FramesIn);
        x.Counter("edgeae_frames_dropped_total", "Frames dropped because the scorer fell behind a live source", pipeline.FramesDroppedNow);
        x.Counter("edgeae_frames_rejected_total", "Frames the current scorer rejected (NaN/Inf with BadSamples=Reject)", pipeline.Scorer.FramesRejected);
        x.Counter("edgeae_windows_scored_total", "Windows scored", pipeline.WindowsScored);
        x.Counter("edgeae_sensor_faults_total", "Sensor faults raised", pipeline.Health.Faults);
        x.Gauge("edgeae_sensor_fault", "1 while a sensor fault is active", pipeline.Health.Faulted ? 1 : 0);
        x.Gauge("edgeae_alarms_today", "Alarm episodes raised since UTC midnight", alarms);
        var (cumulative, sum) = Inference.Snapshot();
        x.Histogram("edgeae_inference_seconds", "Duration of scorer calls that ran the model (window, normalization, ONNX Runtime, error)", LatencyHistogram.Bounds, cumulative, sum);
        if (backlog is not null)
        {
            var (events, telemetry) = backlog();
            x.Gauge("edgeae_journal_backlog_events", "Journaled events the broker has not acknowledged yet", events);
            x.Gauge("edgeae_telemetry_backlog_samples", "Telemetry samples waiting for the broker", telemetry);
        }
        return x.ToString();
    }
}
