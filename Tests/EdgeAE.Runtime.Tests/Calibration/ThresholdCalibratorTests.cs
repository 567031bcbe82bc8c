using EdgeAE.Runtime;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Runtime.Tests.Calibration;

public class ThresholdCalibratorTests
{
    [Test]
    public void SigmaIsMeanPlusKSampleStandardDeviations()
    {
        // mean 5, Σ(x − 5)² = 32, sample σ = √(32/7).
        var r = ThresholdCalibrator.Calibrate([2f, 4f, 4f, 4f, 5f, 5f, 7f, 9f], new CalibrationOptions { Method = ThresholdMethod.Sigma, K = 3 });
        Assert.That(r.Alarm, Is.EqualTo(5 + 3 * Math.Sqrt(32.0 / 7)).Within(1e-9));
        Assert.That(r.Warning, Is.EqualTo(0.8 * r.Alarm).Within(1e-12));
        Assert.That(r.Parameters["k"], Is.EqualTo(3));
        Assert.That(r.Reason, Does.Contain("σ"));
    }

    [Test]
    public void MadIsMedianPlusKScaledMedianAbsoluteDeviations()
    {
        // median 2; |x − 2| = {1,1,0,0,2,4,7} → MAD 1.
        var r = ThresholdCalibrator.Calibrate([1f, 1f, 2f, 2f, 4f, 6f, 9f], new CalibrationOptions { Method = ThresholdMethod.Mad, K = 3, WarningRatio = 0.5 });
        Assert.That(r.Alarm, Is.EqualTo(2 + 3 * 1.4826).Within(1e-9));
        Assert.That(r.Warning, Is.EqualTo(r.Alarm / 2).Within(1e-12));
        Assert.That(r.Parameters["mad"], Is.EqualTo(1));
    }

    [Test]
    public void QuantileOnAKnownDistributionWithMargin()
    {
        var r = ThresholdCalibrator.Calibrate(Samples.Exponential(200_000, 5), new CalibrationOptions { Method = ThresholdMethod.Quantile, Q = 0.99, Margin = 4.0 / 3 });
        double exact = -Math.Log(0.01) * 4 / 3;
        Assert.That(r.Alarm, Is.EqualTo(exact).Within(0.05 * exact));
        Assert.That(r.Windows, Is.EqualTo(200_000));
        Assert.That(r.NormalQuantiles["p99"] * 4 / 3, Is.EqualTo(r.Alarm).Within(1e-9));
        Assert.That(r.Parameters["margin"], Is.EqualTo(4.0 / 3));
    }

    [Test]
    public void PotThresholdMatchesTheParetoRiskQuantile()
    {
        var r = ThresholdCalibrator.Calibrate(Samples.Pareto(200_000, 3, 21), new CalibrationOptions { Method = ThresholdMethod.Pot, Risk = 1e-4 });
        double exact = Math.Pow(1e-4, -1.0 / 3);
        // 3 sd of the extrapolated quantile at 4,000 excesses (see PeaksOverThresholdTests).
        Assert.That(r.Alarm, Is.EqualTo(exact).Within(0.3 * exact));
        Assert.That(r.Parameters["gpd_shape"], Is.EqualTo(1.0 / 3).Within(0.08));
        Assert.That(r.Reason, Does.Contain("generalized Pareto"));
    }

    [Test]
    public void PotWithARiskInsideTheBodyFallsBackToTheEmpiricalQuantile()
    {
        var x = Samples.Uniform(10_000, 4);
        var r = ThresholdCalibrator.Calibrate(x, new CalibrationOptions { Method = ThresholdMethod.Pot, Risk = 0.05 });
        Assert.That(r.Alarm, Is.EqualTo(Quantiles.Of(x, 0.95)).Within(1e-12));
        Assert.That(r.Reason, Does.Contain("empirical"));
    }

    [Test]
    public void F1OnASeparableCaseIsPerfect()
    {
        var rng = new Random(7);
        var scores = new float[1000];
        var labels = new bool[1000];
        for (int i = 0; i < scores.Length; i++)
        {
            labels[i] = i is >= 600 and < 700;
            scores[i] = (float)(labels[i] ? 2 + rng.NextDouble() : rng.NextDouble());
        }
        var r = ThresholdCalibrator.Calibrate(Samples.Uniform(100, 1), new CalibrationOptions { Method = ThresholdMethod.F1 }, new LabeledScores(scores, labels));
        Assert.That(r.Parameters["f1"], Is.EqualTo(1.0));
        Assert.That(r.Alarm, Is.GreaterThan(scores.Where((_, i) => !labels[i]).Max()));
        Assert.That(r.Alarm, Is.LessThan(scores.Where((_, i) => labels[i]).Min()));
    }

    [Test]
    public void F1PicksTheBestCutOnOverlappingScores()
    {
        // Sorted descending: 9(+) 8(+) 7(−) 6(+) 5(−) 4(−). Cuts: {9} F1 2/3, {9,8} 0.8, {9,8,7} 2/3·… → best {9,8,7,6}: TP 3, FP 1, FN 0 → 6/7.
        float[] s = [9, 8, 7, 6, 5, 4];
        bool[] y = [true, true, false, true, false, false];
        var best = BestF1Threshold.Find(s, y);
        Assert.That(best.F1, Is.EqualTo(6.0 / 7).Within(1e-12));
        Assert.That(best.Threshold, Is.EqualTo(5.5));
        Assert.That((best.TruePositives, best.FalsePositives, best.FalseNegatives), Is.EqualTo((3L, 1L, 0L)));
    }

    [Test]
    public void F1WithoutLabelsIsAClearError()
    {
        var e = Assert.Throws<InputException>(() => ThresholdCalibrator.Calibrate([1f, 2f], new CalibrationOptions { Method = ThresholdMethod.F1 }));
        Assert.That(e!.Message, Does.Contain("labelled"));
    }

    [Test]
    public void ResultConvertsToTheManifestSpec()
    {
        var r = ThresholdCalibrator.Calibrate(Samples.Uniform(1000, 9), new CalibrationOptions { RaiseAfter = 3, ClearAfter = 5 });
        var spec = r.ToThresholdSpec("ab12");
        Assert.That((spec.Alarm, spec.Warning, spec.RaiseAfter, spec.ClearAfter), Is.EqualTo((r.Alarm, r.Warning, 3, 5)));
        Assert.That(spec.Calibration!.Method, Is.EqualTo("quantile"));
        Assert.That(spec.Calibration.Parameters["q"], Is.EqualTo(0.999));
        Assert.That(spec.Calibration.NormalQuantiles.Keys, Does.Contain("p99.9"));
        Assert.That(spec.Calibration.Windows, Is.EqualTo(1000));
        Assert.That(spec.Calibration.DataSha256, Is.EqualTo("ab12"));
        Assert.That(spec.Calibration.Reason, Does.Contain("0.999-quantile of 1,000 normal window scores"));
    }

    [TestCase("WarningRatio")]
    [TestCase("Q")]
    [TestCase("RaiseAfter")]
    public void BadOptionsNameTheParameterInTheLibrarysOwnWords(string which)
    {
        var o = which switch
        {
            "WarningRatio" => new CalibrationOptions { WarningRatio = 1.5 },
            "Q" => new CalibrationOptions { Q = 0 },
            _ => new CalibrationOptions { RaiseAfter = 0 },
        };
        var e = Assert.Throws<InvalidParameterException>(() => ThresholdCalibrator.Calibrate([1f], o));
        Assert.That(e!.Parameter, Is.EqualTo(which));
        Assert.That(e.Message, Does.StartWith(which + ": must be").And.Not.Contain("--"), "no command-line flag inside the library");
    }

    [TestCase("POT", ThresholdMethod.Pot)]
    [TestCase("mad", ThresholdMethod.Mad)]
    public void MethodNamesParse(string text, ThresholdMethod expected) =>
        Assert.That(ThresholdMethodNames.Parse(text), Is.EqualTo(expected));

    [Test]
    public void UnknownMethodNameListsTheValidOnes() =>
        Assert.That(() => ThresholdMethodNames.Parse("median"), Throws.TypeOf<InputException>().With.Message.Contains("quantile, sigma, mad, pot, f1 or far"));
}
