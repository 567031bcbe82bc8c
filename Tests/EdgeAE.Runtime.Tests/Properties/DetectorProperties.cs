using CsCheck;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Runtime.Tests.Properties;

/// <summary>
/// Hysteresis laws of the detector over random score sequences, levels and raise/clear counts: every
/// event is justified by the run of windows just before it, levels move only along the allowed edges,
/// and non-finite scores change nothing.
/// </summary>
public class DetectorProperties
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>(raiseAfter, clearAfter, scores): scores around warning = 1 and alarm = 2, with NaN now and then.</summary>
    private static readonly Gen<(int, int, float[])> Runs = Gen.Select(Gen.Int[1, 6], Gen.Int[1, 6],
        Gen.Int[0, 12].Select(k => k switch
        {
            0 => float.NaN,
            <= 4 => 0.5f,          // normal
            5 => 1f,               // exactly the warning level: not above it
            <= 8 => 1.5f,          // above warning
            9 => 2f,               // exactly the alarm level
            _ => 3f,               // above alarm
        }).Array[0, 200]);

    private static List<(int Index, DetectorEvent Event)> Events(int raise, int clear, float[] scores)
    {
        var d = new Detector(new ThresholdSpec { Warning = 1, Alarm = 2, RaiseAfter = raise, ClearAfter = clear }, 1);
        var events = new List<(int, DetectorEvent)>();
        for (int i = 0; i < scores.Length; i++)
            if (d.Update(scores[i], T0.AddSeconds(i), T0.AddSeconds(i + 1), [1f], out var e)) events.Add((i, e));
        return events;
    }

    /// <summary>Finite scores up to and including index i, newest first.</summary>
    private static IEnumerable<float> Back(float[] s, int i)
    {
        for (int k = i; k >= 0; k--)
            if (float.IsFinite(s[k])) yield return s[k];
    }

    [Test]
    public void EveryEventIsJustifiedByTheRunBeforeIt() => Runs.Sample((raise, clear, scores) =>
    {
        var level = AlertLevel.Normal;
        foreach (var (i, e) in Events(raise, clear, scores))
        {
            Assert.That(e.PreviousLevel, Is.EqualTo(level), "events chain");
            Assert.That(e.Level, Is.Not.EqualTo(level), "an event changes the level");
            switch (e.Kind)
            {
                case DetectorEventKind.Raised:
                    Assert.That(level, Is.EqualTo(AlertLevel.Normal));
                    double bar = e.Level == AlertLevel.Alarm ? 2 : 1;
                    Assert.That(Back(scores, i).Take(raise).Count(v => v > bar), Is.EqualTo(raise), $"raised {e.Level} at {i} after {raise} windows above {bar}");
                    break;
                case DetectorEventKind.Escalated:
                    Assert.That((level, e.Level), Is.EqualTo((AlertLevel.Warning, AlertLevel.Alarm)));
                    Assert.That(Back(scores, i).Take(raise).Count(v => v > 2), Is.EqualTo(raise));
                    break;
                case DetectorEventKind.Cleared:
                    Assert.That(e.Level, Is.EqualTo(AlertLevel.Normal), "alarm never falls back to warning");
                    Assert.That(Back(scores, i).Take(clear).Count(v => v <= 1), Is.EqualTo(clear), $"cleared at {i} after {clear} windows at or under warning");
                    break;
            }
            level = e.Level;
        }
    }, iter: 500, threads: 1);

    [Test]
    public void RunsLongEnoughAlwaysRaiseAndClear() => Gen.Select(Gen.Int[1, 6], Gen.Int[1, 6], Gen.Int[0, 20]).Sample((raise, clear, lead) =>
    {
        var scores = Enumerable.Repeat(0.5f, lead).Concat(Enumerable.Repeat(3f, raise)).Concat(Enumerable.Repeat(0.5f, clear)).ToArray();
        var events = Events(raise, clear, scores);
        Assert.That(events.Select(e => (e.Event.Kind, e.Event.Level)), Is.EqualTo(new[] { (DetectorEventKind.Raised, AlertLevel.Alarm), (DetectorEventKind.Cleared, AlertLevel.Normal) }));
        Assert.That(events[0].Index, Is.EqualTo(lead + raise - 1));
        Assert.That(events[1].Index, Is.EqualTo(lead + raise + clear - 1));
    }, iter: 200, threads: 1);

    [Test]
    public void NonFiniteScoresChangeNothing() => Runs.Sample((raise, clear, scores) =>
    {
        var finite = scores.Where(float.IsFinite).ToArray();
        var with = Events(raise, clear, scores).Select(e => (e.Event.Kind, e.Event.Level, e.Event.Windows)).ToList();
        var without = Events(raise, clear, finite).Select(e => (e.Event.Kind, e.Event.Level, e.Event.Windows)).ToList();
        Assert.That(with, Is.EqualTo(without));
    }, iter: 300, threads: 1);
}
