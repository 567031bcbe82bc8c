using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Runtime.Tests.Detection;

public class AdaptiveThresholdTests
{
    private static readonly double[] InitialPeaks = [0.1, 0.3, 0.2, 0.5, 0.15, 0.25, 0.4, 0.35, 0.05, 0.6, 0.22, 0.18];

    private static AdaptiveThresholdSpec Spec(int refitEvery = 1, int maxPeaks = 500) => new()
    {
        Risk = 1e-3,
        Depth = 3,
        InitialLevel = 0.9,
        MaxPeaks = maxPeaks,
        RefitEvery = refitEvery,
        WarningRatio = 0.5,
        InitialThreshold = 0.5,
        Observations = 120,
        Recent = [1, 2, 3],
        Peaks = InitialPeaks,
    };

    /// <summary>z_q by the closed form from the GPD fitted to these excesses (the fit itself is tested in PeaksOverThresholdTests).</summary>
    private static double ExpectedExcess(double t, IReadOnlyList<double> peaks, long n, double risk)
    {
        var (shape, scale, _) = PeaksOverThreshold.FitExcesses(peaks.ToArray());
        double r = risk * n / peaks.Count;
        return Math.Max(t, Math.Abs(shape) < 1e-9 ? t - scale * Math.Log(r) : t + scale / shape * (Math.Pow(r, -shape) - 1));
    }

    [Test]
    public void StartsFromTheCalibrationState()
    {
        var a = new AdaptiveThreshold(Spec());
        double zq = ExpectedExcess(0.5, InitialPeaks, 120, 1e-3);
        Assert.That(a.LocalMean, Is.EqualTo(2.0));
        Assert.That(a.AlarmExcess, Is.EqualTo(zq).Within(1e-12));
        Assert.That(a.Alarm, Is.EqualTo(2 + zq).Within(1e-12));
        Assert.That(a.Warning, Is.EqualTo(2 + 0.5 * zq).Within(1e-12));
    }

    [Test]
    public void NormalWindowsMoveTheLocalMeanPeaksJoinTheTailAnomaliesTeachNothing()
    {
        var a = new AdaptiveThreshold(Spec());
        double zq0 = a.AlarmExcess;

        Assert.That(a.Update(2.4), Is.True);                          // excess 0.4 ≤ t: normal
        Assert.That(a.LocalMean, Is.EqualTo((2 + 3 + 2.4) / 3).Within(1e-12));
        Assert.That(a.Peaks, Is.EqualTo(12));
        Assert.That(a.AlarmExcess, Is.EqualTo(zq0), "no new peak, no refit");

        var before = a.Snapshot();
        Assert.That(a.Update(a.Alarm + 5), Is.False, "above the alarm level: an anomaly");
        var after = a.Snapshot();
        Assert.That(after.Recent, Is.EqualTo(before.Recent));
        Assert.That(after.Peaks, Is.EqualTo(before.Peaks));
        Assert.That(after.Observations, Is.EqualTo(before.Observations));

        double m = a.LocalMean;
        double peakScore = m + 0.5 + 0.45;                             // excess 0.95 > t, below the alarm
        Assert.That(peakScore, Is.LessThan(a.Alarm));
        Assert.That(a.Update(peakScore), Is.True);
        Assert.That(a.Peaks, Is.EqualTo(13));
        Assert.That(a.Observations, Is.EqualTo(122));
        Assert.That(a.AlarmExcess, Is.EqualTo(ExpectedExcess(0.5, [.. InitialPeaks, 0.45], 122, 1e-3)).Within(1e-9), "refitted with the new peak");
    }

    [Test]
    public void FollowsSlowDriftOfTheNormalScores()
    {
        var a = new AdaptiveThreshold(Spec());
        double start = a.Alarm;
        var rng = new Random(1);
        for (int i = 0; i < 2000; i++) Assert.That(a.Update(2 + i * 0.005 + 0.2 * rng.NextDouble()), Is.True, $"window {i}: slow drift is not an anomaly");
        Assert.That(a.LocalMean, Is.EqualTo(2 + 1999 * 0.005 + 0.1).Within(0.2));
        Assert.That(a.Alarm, Is.GreaterThan(start + 9));
    }

    [Test]
    public void AStepFarAboveTheAlarmIsNeverLearned()
    {
        var a = new AdaptiveThreshold(Spec());
        double alarm = a.Alarm;
        for (int i = 0; i < 500; i++) Assert.That(a.Update(alarm + 10), Is.False);
        Assert.That(a.Alarm, Is.EqualTo(alarm), "an anomaly that lasts does not become normal");
    }

    [Test]
    public void MemoryIsBoundedByTheNewestPeaks()
    {
        var a = new AdaptiveThreshold(Spec(maxPeaks: 20));
        var rng = new Random(4);
        for (int i = 0; i < 3000; i++) a.Update(a.LocalMean + rng.NextDouble() * 1.2);
        Assert.That(a.Peaks, Is.EqualTo(20));
        Assert.That(a.Snapshot().Peaks, Has.Length.EqualTo(20));
    }

    [Test]
    public void RefitsOnlyEveryNPeaks()
    {
        var every = new AdaptiveThreshold(Spec(refitEvery: 1));
        var fourth = new AdaptiveThreshold(Spec(refitEvery: 4));
        var rng = new Random(9);
        for (int i = 0; i < 400; i++)
        {
            double s = 2 + rng.NextDouble() * 1.2;
            every.Update(s);
            fourth.Update(s);
        }
        Assert.That(fourth.Refits, Is.LessThan(every.Refits / 3.0 + 2));
        Assert.That(fourth.Refits, Is.GreaterThan(1));
    }

    [Test]
    public void ARestoredStateContinuesExactlyAsIfThereHadBeenNoRestart()
    {
        var rng = new Random(7);
        var scores = Enumerable.Range(0, 600).Select(i => 2 + 0.002 * i + rng.NextDouble() + (i % 97 == 0 ? 20 : 0)).ToArray();
        var straight = new AdaptiveThreshold(Spec(refitEvery: 3, maxPeaks: 30));
        var restarted = new AdaptiveThreshold(Spec(refitEvery: 3, maxPeaks: 30));
        for (int i = 0; i < 300; i++) { straight.Update(scores[i]); restarted.Update(scores[i]); }
        var state = restarted.Snapshot();
        restarted = new AdaptiveThreshold(Spec(refitEvery: 3, maxPeaks: 30));
        restarted.Restore(state);
        for (int i = 300; i < scores.Length; i++)
        {
            Assert.That(restarted.Alarm, Is.EqualTo(straight.Alarm), $"window {i}");
            Assert.That(restarted.Update(scores[i]), Is.EqualTo(straight.Update(scores[i])));
        }
    }

    [Test]
    public void RestoreRefusesAStateThatDoesNotFitTheSpec()
    {
        var a = new AdaptiveThreshold(Spec(maxPeaks: 20));
        var big = new AdaptiveThreshold(Spec(maxPeaks: 100));
        var rng = new Random(2);
        for (int i = 0; i < 3000; i++) big.Update(big.LocalMean + rng.NextDouble() * 1.2);
        Assert.Throws<ArgumentException>(() => a.Restore(big.Snapshot()));
        Assert.Throws<ArgumentException>(() => a.Restore(new AdaptiveThresholdState { Recent = [double.NaN], Peaks = [1], PeakAt = [1], Observations = 5 }));
    }

    [Test]
    public void FitDetrendsTheCalibrationScoresByTheirLocalMean()
    {
        // Depth 2: X′ᵢ = Xᵢ − mean(Xᵢ₋₂, Xᵢ₋₁). A ramp 0, 1, 2, … has X′ = 1.5 everywhere except the spikes.
        var scores = new float[60];
        for (int i = 0; i < scores.Length; i++) scores[i] = i;
        for (int i = 5; i < scores.Length; i += 5) scores[i] += 10;
        var spec = AdaptiveThresholdFit.Fit(scores, new AdaptiveThresholdOptions { Depth = 2, InitialLevel = 0.5, Risk = 1e-3 });
        Assert.That(spec.Recent, Is.EqualTo(new double[] { 58, 59 }));
        Assert.That(spec.Observations, Is.EqualTo(58));
        // The spikes and the windows just after them are the detrended tail: more than 10 peaks at level 0.5.
        Assert.That(spec.Peaks.Length, Is.GreaterThanOrEqualTo(10));
        Assert.That(spec.InitialLevel, Is.EqualTo(0.5));
    }

    [Test]
    public void FitLowersTheInitialLevelOnShortCalibrations()
    {
        var rng = new Random(3);
        var scores = Enumerable.Range(0, 120).Select(_ => (float)rng.NextDouble()).ToArray();
        var spec = AdaptiveThresholdFit.Fit(scores, new AdaptiveThresholdOptions { Depth = 20, InitialLevel = 0.98 });
        Assert.That(spec.Observations, Is.EqualTo(100));
        Assert.That(spec.InitialLevel, Is.EqualTo(0.9).Within(1e-12), "1 − 10/100: enough peaks for a fit");
        Assert.That(spec.Peaks.Length, Is.GreaterThanOrEqualTo(PeaksOverThreshold.MinExcesses));
    }

    [Test]
    public void FitRefusesTooFewScoresInOneLine()
    {
        var e = Assert.Throws<InputException>(() => AdaptiveThresholdFit.Fit(new float[15], new AdaptiveThresholdOptions()));
        Assert.That(e!.Message, Does.Contain("finite normal window scores"));
    }
}
