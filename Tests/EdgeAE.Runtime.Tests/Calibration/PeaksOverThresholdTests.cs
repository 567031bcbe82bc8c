using EdgeAE.Runtime;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Runtime.Tests.Calibration;

public class PeaksOverThresholdTests
{
    [TestCase(2.0)]
    [TestCase(3.0)]
    [TestCase(5.0)]
    public void ParetoTailIndexAndRiskQuantileAreRecovered(double alpha)
    {
        var x = Samples.Pareto(200_000, alpha, seed: 11);
        var fit = PeaksOverThreshold.Fit(Quantiles.SortedFinite(x), 0.98);
        // 4,000 excesses: the ML estimate of γ has sd ≈ (1 + γ)/√4000 ≈ 0.025.
        Assert.That(fit.Shape, Is.EqualTo(1 / alpha).Within(0.08), "tail index γ = 1/α");
        // Excesses of a Pareto over t are GPD with σ = t/α.
        Assert.That(fit.Scale, Is.EqualTo(fit.InitialThreshold / alpha).Within(0.1 * fit.InitialThreshold / alpha));
        double exact = Math.Pow(1e-4, -1 / alpha);
        // Extrapolating 200× beyond the initial level magnifies γ's error by |ln(q·n/N_t)| ≈ 5.3 in relative
        // terms: allow three standard deviations of that.
        double relativeSd = (1 + 1 / alpha) / Math.Sqrt(fit.Excesses) * Math.Abs(Math.Log(1e-4 * fit.Samples / fit.Excesses));
        Assert.That(fit.QuantileAtRisk(1e-4), Is.EqualTo(exact).Within(3 * relativeSd * exact), "score exceeded with risk 1e-4");
    }

    [Test]
    public void ExponentialTailHasIndexZero()
    {
        var fit = PeaksOverThreshold.Fit(Quantiles.SortedFinite(Samples.Exponential(200_000, 12)), 0.98);
        Assert.That(fit.Shape, Is.EqualTo(0).Within(0.05));
        Assert.That(fit.Scale, Is.EqualTo(1).Within(0.1));
        Assert.That(fit.QuantileAtRisk(1e-5), Is.EqualTo(-Math.Log(1e-5)).Within(0.08 * -Math.Log(1e-5)));
    }

    [Test]
    public void BoundedTailHasNegativeIndex()
    {
        var fit = PeaksOverThreshold.Fit(Quantiles.SortedFinite(Samples.BoundedSquare(200_000, 13)), 0.98);
        Assert.That(fit.Shape, Is.EqualTo(-0.5).Within(0.1));
        Assert.That(fit.QuantileAtRisk(1e-4), Is.LessThanOrEqualTo(1.0 + 1e-3), "a bounded tail never extrapolates past its end point");
    }

    [Test]
    public void ExponentialLimitFormulaIsUsedAtZeroShape()
    {
        var fit = new GeneralizedParetoFit(InitialThreshold: 2, InitialLevel: 0.9, Shape: 0, Scale: 0.5, Excesses: 100, Samples: 1000, LogLikelihood: 0);
        // z = t − σ·ln(q·n/N_t) = 2 − 0.5·ln(0.001) .
        Assert.That(fit.QuantileAtRisk(1e-4), Is.EqualTo(2 - 0.5 * Math.Log(1e-3)).Within(1e-12));
        var heavy = fit with { Shape = 0.5 };
        // z = t + σ/γ·((q·n/N_t)^(−γ) − 1) = 2 + 1·(√1000 − 1).
        Assert.That(heavy.QuantileAtRisk(1e-4), Is.EqualTo(2 + (Math.Sqrt(1000) - 1)).Within(1e-9));
    }

    [Test]
    public void TooFewExcessesIsAClearError()
    {
        var e = Assert.Throws<InputException>(() => PeaksOverThreshold.Fit(Quantiles.SortedFinite(Samples.Uniform(100, 1)), 0.98));
        Assert.That(e!.Message, Does.Contain("POT needs at least 10 scores"));
    }
}
