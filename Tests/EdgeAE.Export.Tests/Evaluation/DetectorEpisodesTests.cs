using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Export.Tests.Evaluation;

public class DetectorEpisodesTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime T(int s) => T0.AddSeconds(s);

    private static DetectorEvent Ev(DetectorEventKind kind, AlertLevel level, int episodeStart, int at) =>
        new(kind, level, AlertLevel.Normal, T(episodeStart), T(at), 1, 1, 1, -1, -1, -1);

    [Test]
    public void AlarmEpisodesAreMatchedToLabelledEventsInTime()
    {
        // 100 rows at 1 s; labelled event at rows 40–59.
        var times = Enumerable.Range(0, 101).Select(T).ToArray();
        var labels = Enumerable.Range(0, 101).Select(r => r is >= 40 and < 60).ToArray();
        var events = new List<DetectorEvent>
        {
            Ev(DetectorEventKind.Raised, AlertLevel.Warning, 10, 12),   // warning only: not an alarm episode
            Ev(DetectorEventKind.Cleared, AlertLevel.Normal, 10, 15),
            Ev(DetectorEventKind.Raised, AlertLevel.Alarm, 20, 22),     // false alarm 20–25
            Ev(DetectorEventKind.Cleared, AlertLevel.Normal, 20, 25),
            Ev(DetectorEventKind.Raised, AlertLevel.Warning, 38, 41),   // escalates inside the event: true alarm
            Ev(DetectorEventKind.Escalated, AlertLevel.Alarm, 38, 45),
            Ev(DetectorEventKind.Cleared, AlertLevel.Normal, 38, 62),
            Ev(DetectorEventKind.Raised, AlertLevel.Alarm, 90, 93),     // still open at the end: false alarm
        };
        var d = DetectorEpisodes.Match(events, labels, times);
        Assert.That(d.AlarmEpisodes.Select(e => (e.Start, e.End, e.Cleared, e.OverlapsLabel)), Is.EqualTo(new[]
        {
            (T(20), T(25), true, false),
            (T(38), T(62), true, true),
            (T(90), T(100), false, false),
        }));
        Assert.That((d.FalseAlarmEpisodes, d.DetectedEvents, d.LabelledEvents), Is.EqualTo((2, 1, 1)));
        Assert.That(d.FalseAlarmsPerDay, Is.EqualTo(2 / (100 / 86400.0)).Within(1e-6));
    }

    [Test]
    public void NoEventsNoEpisodes()
    {
        var times = Enumerable.Range(0, 10).Select(T).ToArray();
        var d = DetectorEpisodes.Match([], new bool[10], times);
        Assert.That((d.AlarmEpisodes.Count, d.FalseAlarmsPerDay, d.LabelledEvents), Is.EqualTo((0, 0.0, 0)));
    }
}
