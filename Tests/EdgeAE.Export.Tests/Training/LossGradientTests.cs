using EdgeAE.Training.Engine;
using EdgeAE.Training.Objectives;

namespace EdgeAE.Export.Tests.Training;

public class LossGradientTests
{
    [TestCase(LossKind.Mse)]
    [TestCase(LossKind.Mae)]
    [TestCase(LossKind.Bce)]
    public void GradientMatchesFiniteDifferences(LossKind kind)
    {
        var rng = new Rng(20);
        var loss = ReconstructionLoss.Create(kind);
        int n = 24;
        var p = new float[n];
        var t = new float[n];
        for (int i = 0; i < n; i++)
        {
            // BCE: predictions in (0,1), targets in [0,1]; MAE: keep |p − t| well above ε.
            t[i] = kind == LossKind.Bce ? (float)rng.NextDouble() : (float)rng.NextGaussian();
            p[i] = kind == LossKind.Bce ? 0.1f + 0.8f * (float)rng.NextDouble() : t[i] + (rng.NextDouble() < 0.5 ? -1 : 1) * (0.2f + (float)rng.NextDouble());
        }
        var grad = new float[n];
        double value = loss.Compute(p, t, grad);
        Assert.That(value, Is.EqualTo(loss.Mean(p, t)).Within(1e-12));
        const float eps = 1e-3f;
        for (int i = 0; i < n; i++)
        {
            float keep = p[i];
            p[i] = keep + eps; double fp = loss.Mean(p, t);
            p[i] = keep - eps; double fm = loss.Mean(p, t);
            p[i] = keep;
            // Perturbation is applied in float: use the actually representable step.
            double h = ((double)(keep + eps) - (keep - eps));
            GradCheck.AssertClose(grad[i], (fp - fm) / h, 1e-3, $"{kind} d/dp[{i}]");
        }
    }

    [Test]
    public void KnownValues()
    {
        float[] p = [1, 2], t = [0, 4];
        Assert.That(new MseLoss().Mean(p, t), Is.EqualTo(2.5));
        Assert.That(new MaeLoss().Mean(p, t), Is.EqualTo(1.5));
        Assert.That(new BceLoss().Mean([0.5f], [1f]), Is.EqualTo(Math.Log(2)).Within(1e-9));
    }
}
