using System.Globalization;
using EdgeAE.Device.Alerts;
using EdgeAE.Device.Commissioning;
using EdgeAE.Device.Pipeline;

namespace EdgeAE.Device.Dashboard;

/// <summary>
/// Reads the daemon's state into a <see cref="LiveSnapshot"/>: counters and fields the scoring thread
/// already publishes (<see cref="LiveStatus"/> copies a few floats under its own short lock, as for
/// /metrics), the trace's wait-free maximum, the alert controller's lines. It never calls into the
/// scorer, so a page cannot slow scoring down.
/// </summary>
public sealed class SnapshotSource(ScoringPipeline pipeline, LiveStatus status, ScoreTrace trace, AlertController alerts,
    CommissioningSession? commissioning, Learning.OnBoardLearner? learner, long learnRows, bool buttons, TimeProvider time)
{
    public LiveSnapshot Take()
    {
        var (last, level, contributions, alarmsToday) = status.Read();
        var scorer = pipeline.Scorer;
        var detector = scorer.Detector;
        var channels = scorer.Manifest.Channels;
        var health = pipeline.Health;
        var shares = new ChannelShare[Math.Min(channels.Length, contributions.Length)];
        for (int i = 0; i < shares.Length; i++) shares[i] = new ChannelShare(channels[i], contributions[i]);
        return new LiveSnapshot
        {
            T = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Score = trace.Take(),
            Last = last,
            Level = EventReporter.Name(level),
            Warning = detector?.WarningLevel,
            Alarm = detector?.AlarmLevel,
            Windows = pipeline.WindowsScored,
            AlarmsToday = alarmsToday,
            Channels = shares,
            Health = health.Faulted
                ? new SensorHealth { Ok = false, Sensor = health.Sensor, Kind = Sensors.SensorFaultKinds.Name(health.Kind), Message = health.Current.Message, Faults = health.Faults }
                : new SensorHealth { Faults = health.Faults },
            Lines = alerts.Lines().Select(l => new LineState(l.Name, l.Line, l.On, l.Latched)).ToArray(),
            Commissioning = commissioning is { Armed: false } c
                ? new ProgressState(c.Progress, string.Create(CultureInfo.InvariantCulture, $"collecting normal scores: {c.Progress:P0} ({c.ScoresCollected:N0} windows); alerts are off until it is done"))
                : null,
            Learning = learner is { } l && l.State is "recording" or "training"
                ? new ProgressState(l.State == "recording" && learnRows > 0 ? Math.Min(1, (double)l.RowsRecorded / learnRows) : null,
                    string.Create(CultureInfo.InvariantCulture, $"{l.State}: {l.RowsRecorded:N0} of {learnRows:N0} rows recorded"))
                : null,
            Model = scorer.Manifest.Provenance.GraphSha256 is { Length: >= 12 } g ? g[..12] : "",
            Buttons = buttons,
        };
    }
}
