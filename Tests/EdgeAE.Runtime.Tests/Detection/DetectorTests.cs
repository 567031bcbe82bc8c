using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Runtime.Tests.Detection;

public class DetectorTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Feeds scores one per second; returns "index:Kind:Level" for each event.</summary>
    private static List<string> Run(Detector d, params float[] scores)
    {
        var events = new List<string>();
        for (int i = 0; i < scores.Length; i++)
            if (d.Update(scores[i], T0.AddSeconds(i), T0.AddSeconds(i + 1), [0.2f, 0.5f, 0.3f], out var e))
                events.Add($"{i}:{e.Kind}:{e.Level}");
        return events;
    }

    private static Detector Make(int raise, int clear) =>
        new(new ThresholdSpec { Warning = 1, Alarm = 2, RaiseAfter = raise, ClearAfter = clear }, 3);

    [Test]
    public void RaisesOnlyAfterKConsecutiveWindows()
    {
        Assert.That(Run(Make(3, 1), 1.5f, 1.5f, 0.5f, 1.5f, 1.5f, 1.5f), Is.EqualTo(new[] { "5:Raised:Warning" }));
    }

    [Test]
    public void ScoreEqualToThresholdIsNotOver()
    {
        Assert.That(Run(Make(1, 1), 1f, 1f, 2f), Is.EqualTo(new[] { "2:Raised:Warning" }));
    }

    [Test]
    public void ClearsOnlyAfterMConsecutiveWindowsUnder()
    {
        Assert.That(Run(Make(1, 3), 1.5f, 0.5f, 0.5f, 1.5f, 0.5f, 0.5f, 0.5f),
            Is.EqualTo(new[] { "0:Raised:Warning", "6:Cleared:Normal" }));
    }

    [Test]
    public void EscalatesFromWarningToAlarmAndClearsFromAlarm()
    {
        Assert.That(Run(Make(2, 2), 1.5f, 1.5f, 2.5f, 2.5f, 1.5f, 0.1f, 0.1f),
            Is.EqualTo(new[] { "1:Raised:Warning", "3:Escalated:Alarm", "6:Cleared:Normal" }));
    }

    [Test]
    public void JumpsStraightToAlarmWhenAlarmRunCompletesFirst()
    {
        Assert.That(Run(Make(2, 1), 3f, 3f, 0f), Is.EqualTo(new[] { "1:Raised:Alarm", "2:Cleared:Normal" }));
    }

    [Test]
    public void NonFiniteScoresAreIgnored()
    {
        Assert.That(Run(Make(2, 1), 1.5f, float.NaN, 1.5f), Is.EqualTo(new[] { "2:Raised:Warning" }));
    }

    [Test]
    public void EventsCarryPeakDurationAndTopChannels()
    {
        var d = Make(2, 2);
        var events = new List<DetectorEvent>();
        float[] scores = [0.5f, 1.5f, 3f, 1.2f, 0.5f, 0.5f];
        for (int i = 0; i < scores.Length; i++)
        {
            float[] contrib = i == 2 ? [0.9f, 0.05f, 0.05f] : [0.1f, 0.3f, 0.6f];
            if (d.Update(scores[i], T0.AddSeconds(i), T0.AddSeconds(i + 1), contrib, out var e)) events.Add(e);
        }
        Assert.That(events.Select(e => e.Kind), Is.EqualTo(new[] { DetectorEventKind.Raised, DetectorEventKind.Cleared }));
        var cleared = events[1];
        Assert.That(cleared.PeakScore, Is.EqualTo(3f));
        Assert.That(cleared.EpisodeStart, Is.EqualTo(T0.AddSeconds(1)), "episode starts at the first window over the warning level");
        Assert.That(cleared.At, Is.EqualTo(T0.AddSeconds(6)));
        Assert.That(cleared.Duration, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(cleared.Windows, Is.EqualTo(5));
        // weights: ch0 = .1·1.5 + .9·3 + .1·1.2 + .1·.5·2 = 3.07; ch2 = .6·1.5 + .05·3 + .6·1.2 + .6·.5·2 = 2.37; ch1 = 1.26
        Assert.That(new[] { cleared.Top1, cleared.Top2, cleared.Top3 }, Is.EqualTo(new[] { 0, 2, 1 }));
    }
}
