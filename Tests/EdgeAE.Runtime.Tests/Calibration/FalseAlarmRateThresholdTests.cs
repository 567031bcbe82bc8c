using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Runtime.Tests.Calibration;

public class FalseAlarmRateThresholdTests
{
    /// <summary>
    /// Reference hysteresis for the search logic: an episode is raised after k consecutive scores
    /// above the alarm level and cleared after m consecutive scores below the warning level.
    /// </summary>
    private sealed class ReferenceSimulator : IAlarmEventSimulator
    {
        public long CountAlarmEpisodes(ReadOnlySpan<float> scores, ThresholdSpec spec, TimeSpan windowPeriod)
        {
            long episodes = 0;
            int above = 0, below = 0;
            bool active = false;
            foreach (float s in scores)
            {
                above = s > spec.Alarm ? above + 1 : 0;
                below = s < spec.Warning ? below + 1 : 0;
                if (!active && above >= spec.RaiseAfter) { active = true; episodes++; }
                else if (active && below >= spec.ClearAfter) active = false;
            }
            return episodes;
        }
    }

    /// <summary>
    /// One day at one window a minute: noisy baseline in [0, 0.5); three 1-window spikes to 5, two
    /// 3-window bursts to 3, one 1-window blip to 2.
    /// </summary>
    private static float[] OneDay()
    {
        var rng = new Random(3);
        var s = Enumerable.Range(0, 1440).Select(_ => (float)(0.5 * rng.NextDouble())).ToArray();
        foreach (int i in new[] { 100, 400, 700 }) s[i] = 5;
        foreach (int i in new[] { 200, 900 }) { s[i] = 3; s[i + 1] = 3; s[i + 2] = 3; }
        s[1200] = 2;
        return s;
    }

    [TestCase(3.0, 1, 3.0, 3L)]   // > 3 alarms only on the three spikes
    [TestCase(5.0, 1, 2.0, 5L)]   // > 2 adds the two bursts
    [TestCase(6.0, 1, -1, 6L)]    // the blip too: at the baseline's maximum
    [TestCase(0.0, 1, 5.0, 0L)]   // nothing may alarm: above the maximum score
    [TestCase(1.0, 2, 3.0, 0L)]   // raise after 2: only the bursts could raise, two of them are too many
    public void FindsTheLowestThresholdWithinTheBudget(double perDay, int raiseAfter, double expected, long episodes)
    {
        var day = OneDay();
        if (expected < 0) expected = day.Where(x => x < 1).Max(); // −1: the highest baseline score
        var r = FalseAlarmRateThreshold.Find(day, TimeSpan.FromMinutes(1), perDay, 0.8, raiseAfter, 1, new ReferenceSimulator());
        Assert.That(r.Threshold, Is.EqualTo(expected).Within(1e-6));
        Assert.That(r.Episodes, Is.EqualTo(episodes));
        Assert.That(r.Days, Is.EqualTo(1.0).Within(1e-12));
    }

    [TestCase(2.0, 2)]
    [TestCase(4.0, 3)]
    [TestCase(20.0, 1)]
    public void AgreesWithAnExhaustiveTopDownScan(double perDay, int raiseAfter)
    {
        // Exhaustive: walk the distinct scores down from the top, stop before the first one over budget.
        var day = OneDay();
        var sim = new ReferenceSimulator();
        var candidates = day.Select(x => (double)x).Distinct().OrderByDescending(x => x).ToList();
        double expected = Math.BitIncrement((double)day.Max());
        foreach (double c in candidates)
        {
            var spec = new ThresholdSpec { Alarm = c, Warning = 0.8 * c, RaiseAfter = raiseAfter, ClearAfter = 2 };
            if (sim.CountAlarmEpisodes(day, spec, TimeSpan.FromMinutes(1)) > perDay) break;
            expected = c;
        }
        var r = FalseAlarmRateThreshold.Find(day, TimeSpan.FromMinutes(1), perDay, 0.8, raiseAfter, 2, sim);
        Assert.That(r.Threshold, Is.EqualTo(expected));
        Assert.That(r.Simulations, Is.LessThan(40), "bisection, not a scan");
    }

    [Test]
    public void BudgetScalesWithTheRecordingLength()
    {
        // Two days of the same pattern with a budget of 3/day allow 6 episodes: the blip may alarm.
        var twoDays = OneDay().Concat(OneDay()).ToArray();
        var r = FalseAlarmRateThreshold.Find(twoDays, TimeSpan.FromMinutes(1), 3, 0.8, 1, 1, new ReferenceSimulator());
        Assert.That(r.Threshold, Is.EqualTo(3.0).Within(1e-6));
        Assert.That(r.EpisodesPerDay, Is.EqualTo(3.0));
    }

    [Test]
    public void CalibratorRecordsTheFarParameters()
    {
        var r = ThresholdCalibrator.Calibrate(OneDay(), new CalibrationOptions { Method = ThresholdMethod.Far, FarPerDay = 3, WindowPeriod = TimeSpan.FromMinutes(1) },
            simulator: new ReferenceSimulator());
        Assert.That(r.Alarm, Is.EqualTo(3.0).Within(1e-6));
        Assert.That(r.Parameters["episodes"], Is.EqualTo(3));
        Assert.That(r.Parameters["window_period_s"], Is.EqualTo(60));
        Assert.That(r.Reason, Does.Contain("3 alarm episode(s)"));
    }

    [TestCase(3.0, 1, 3.0, 3L)]
    [TestCase(5.0, 1, 2.0, 5L)]
    [TestCase(0.0, 1, 5.0, 0L)]
    [TestCase(1.0, 2, 3.0, 0L)]
    public void TheRuntimeDetectorGivesTheSameAnswers(double perDay, int raiseAfter, double expected, long episodes)
    {
        var r = ThresholdCalibrator.Calibrate(OneDay(), new CalibrationOptions
        {
            Method = ThresholdMethod.Far,
            FarPerDay = perDay,
            RaiseAfter = raiseAfter,
            WindowPeriod = TimeSpan.FromMinutes(1),
        });
        Assert.That(r.Alarm, Is.EqualTo(expected).Within(1e-6));
        Assert.That(r.Parameters["episodes"], Is.EqualTo(episodes));
    }

    [Test]
    public void DetectorSimulatorCountsEscalationsOnce()
    {
        // Warning 1, alarm 2: 0 → 1.5 (warning raised) → 3 (escalated: 1 alarm episode) → 3 → 0 (cleared) → 3 (raised to alarm: 2nd).
        float[] s = [0, 1.5f, 3, 3, 0, 3, 0];
        var spec = new ThresholdSpec { Warning = 1, Alarm = 2, RaiseAfter = 1, ClearAfter = 1 };
        Assert.That(DetectorAlarmSimulator.Instance.CountAlarmEpisodes(s, spec, TimeSpan.FromSeconds(1)), Is.EqualTo(2));
        Assert.That(DetectorAlarmSimulator.Instance.CountAlarmEpisodes([0, 1.5f, 1.5f, 0], spec, TimeSpan.FromSeconds(1)), Is.EqualTo(0), "warnings are not alarms");
    }

    [Test]
    public void MissingWindowPeriodIsAClearError()
    {
        var e = Assert.Throws<InputException>(() => FalseAlarmRateThreshold.Find(OneDay(), TimeSpan.Zero, 1, 0.8, 1, 1, new ReferenceSimulator()));
        Assert.That(e!.Message, Does.Contain("window period"));
    }
}
