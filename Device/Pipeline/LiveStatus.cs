using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Device.Pipeline;

/// <summary>
/// The last window's score, level and per-channel contributions, and today's alarm count, written
/// by the scoring thread (as the pipeline's tap) and read by telemetry and the metrics endpoint. The
/// lock guards a copy of a few floats: the readers hold it for microseconds.
/// </summary>
public sealed class LiveStatus : IScoreSink
{
    private readonly object gate = new();
    private readonly TimeProvider time;
    private float[] contributions = [];
    private float? score;
    private AlertLevel level;
    private DateTime alarmDay;
    private long alarmsToday;

    public LiveStatus(TimeProvider time) => this.time = time;

    /// <summary>The next observer (tests chain theirs here).</summary>
    public IScoreSink? Next { get; set; }

    public void OnWindow(in WindowScore w)
    {
        lock (gate)
        {
            score = w.Score;
            if (contributions.Length != w.Contributions.Length) contributions = new float[w.Contributions.Length];
            w.Contributions.CopyTo(contributions);
        }
        Next?.OnWindow(w);
    }

    public void OnEvent(in DetectorEvent e)
    {
        lock (gate)
        {
            level = e.Level;
            if (e.Level == AlertLevel.Alarm && e.Kind is DetectorEventKind.Raised or DetectorEventKind.Escalated)
            {
                var today = time.GetUtcNow().UtcDateTime.Date;
                if (today != alarmDay) (alarmDay, alarmsToday) = (today, 0);
                alarmsToday++;
            }
        }
        Next?.OnEvent(e);
    }

    public void OnDrift(in DriftEvent e) => Next?.OnDrift(e);

    public (float? Score, AlertLevel Level, float[] Contributions, long AlarmsToday) Read()
    {
        lock (gate)
        {
            long alarms = time.GetUtcNow().UtcDateTime.Date == alarmDay ? alarmsToday : 0;
            return (score, level, contributions.ToArray(), alarms);
        }
    }
}
