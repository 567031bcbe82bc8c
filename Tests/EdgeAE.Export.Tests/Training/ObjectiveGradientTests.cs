using EdgeAE.Training;
using EdgeAE.Training.Engine;
using EdgeAE.Training.Model;
using EdgeAE.Training.Objectives;

namespace EdgeAE.Export.Tests.Training;

/// <summary>
/// Whole-model objectives (reconstruction + sparse / contractive penalties + VAE KL with free bits)
/// against finite differences over every parameter tensor. Smooth activations (tanh) keep ±ε from
/// crossing ReLU kinks.
/// </summary>
public class ObjectiveGradientTests
{
    private const int Channels = 2;

    private sealed record Case(AutoencoderModel Model, Compute Compute, float[] X, float[] Target, int N, ReconstructionLoss Loss, CodeRegularizer? Reg, double KlWeight, double FreeBits);

    private static Case Make(TrainingOptions o, ulong seed, CodeRegularizer? reg = null, double klWeight = 0, double freeBits = 0, Func<AutoencoderModel, CodeRegularizer?>? regFor = null)
    {
        var rng = new Rng(seed);
        var model = ArchitectureBuilder.Build(o, Channels, rng);
        var c = new Compute(2, new Rng(seed + 100)) { Training = true };
        int n = 5, d = model.WindowValues;
        var x = GradCheck.Random(rng, n * d);
        var target = o.Loss == LossKind.Bce ? x.Select(v => 1f / (1 + MathF.Exp(-v))).ToArray() : x.Select(v => v + 0.1f).ToArray();
        if (model.Vae is not null)
        {
            model.Forward(c, x, n);
            model.Vae.FreezeNoise = true;
        }
        return new Case(model, c, x, target, n, ReconstructionLoss.Create(o.Loss), reg ?? regFor?.Invoke(model), klWeight, freeBits);
    }

    private static double Objective(Case k)
    {
        var output = k.Model.Forward(k.Compute, k.X, k.N);
        int len = k.N * k.Model.WindowValues;
        double v = k.Loss.Mean(output.AsSpan(0, len), k.Target);
        if (k.Reg is not null) v += k.Reg.Apply(k.Model.LastCode, new float[k.N * k.Model.CodeSize], k.N, k.Model.CodeSize);
        if (k.Model.Vae is not null) v += k.Model.Vae.KlTerm(k.N, k.KlWeight, k.FreeBits);
        return v;
    }

    private static void Check(Case k, float eps = 3e-3f, double tolerance = 2e-2)
    {
        var parameters = k.Model.Parameters.ToArray();
        foreach (var p in parameters) p.ZeroGrad();
        var output = k.Model.Forward(k.Compute, k.X, k.N);
        int len = k.N * k.Model.WindowValues;
        var dOut = new float[len];
        double recon = k.Loss.Compute(output.AsSpan(0, len), k.Target, dOut);
        double extra = k.Model.Backward(k.Compute, dOut, k.N, k.Reg, k.KlWeight, k.FreeBits);
        // Clone first: evaluating a contractive penalty adds its direct term to W's gradient again.
        var grads = parameters.Select(p => (float[])p.Grad.Clone()).ToArray();
        Assert.That(recon + extra, Is.EqualTo(Objective(k)).Within(1e-9 + 1e-6 * Math.Abs(recon + extra)), "objective value");
        var rng = new Rng(77);
        for (int pi = 0; pi < parameters.Length; pi++)
        {
            var p = parameters[pi];
            foreach (int i in GradCheck.Indices(p.Size, 12, rng))
            {
                float keep = p.Value[i];
                p.Value[i] = keep + eps; double fp = Objective(k);
                p.Value[i] = keep - eps; double fm = Objective(k);
                p.Value[i] = keep;
                double h = (double)(keep + eps) - (keep - eps);
                GradCheck.AssertClose(grads[pi][i], (fp - fm) / h, tolerance, $"param #{pi} {p.Name}[{i}]");
            }
        }
    }

    private static TrainingOptions Dense(Variant v) => new()
    {
        Arch = Architecture.Dense,
        Window = 4,
        Hidden = [5],
        Latent = 3,
        Variant = v,
        Activation = HiddenActivation.Tanh,
    };

    [Test]
    public void PlainDenseWithBatchNorm() => Check(Make(Dense(Variant.Plain) with { BatchNorm = true }, 1));

    [Test]
    public void PlainConv1DMae() => Check(Make(new TrainingOptions { Arch = Architecture.Conv1D, Window = 9, Hidden = [3], Latent = 2, Kernel = 3, Activation = HiddenActivation.Tanh, Loss = LossKind.Mae }, 2));

    [Test]
    public void PlainConv1DUpsampleDecoder() => Check(Make(new TrainingOptions { Arch = Architecture.Conv1D, Window = 11, Hidden = [3], Latent = 2, Kernel = 3, Activation = HiddenActivation.Tanh, Decoder = DecoderKind.Upsample }, 12));

    [Test]
    public void PlainConv2DBceWithBatchNorm() => Check(Make(new TrainingOptions
    {
        Arch = Architecture.Conv2D,
        Window = 8,
        Hidden = [3],
        Latent = 2,
        Kernel = 3,
        Activation = HiddenActivation.Tanh,
        Loss = LossKind.Bce,
        Normalization = EdgeAE.Runtime.Bundles.NormalizationKind.MinMax,
        BatchNorm = true,
    }, 3));

    [Test]
    public void SparseL1() => Check(Make(Dense(Variant.Sparse), 4, reg: new L1Sparsity(0.3)));

    [Test]
    public void SparseKlToTargetRate() => Check(Make(Dense(Variant.Sparse) with { SparsityTarget = 0.1 }, 5, reg: new KlSparsity(0.5, 0.1)));

    [Test]
    public void ContractiveExactJacobianPenalty()
    {
        var k = Make(Dense(Variant.Contractive), 6, regFor: m => new ContractivePenalty((EdgeAE.Training.Engine.Dense)m.Encoder.Layers[0], 0.5));
        Check(k);
    }

    [Test]
    public void ContractivePenaltyEqualsFrobeniusNormOfJacobian()
    {
        // ‖∂h/∂x‖²_F by finite differences of the encoder alone, against the closed form.
        var rng = new Rng(8);
        var dense = new EdgeAE.Training.Engine.Dense(6, 3, rng);
        var sig = new EdgeAE.Training.Engine.Sigmoid([3]);
        var c = new Compute(1);
        var x = GradCheck.Random(rng, 6);
        float[] H(float[] input) { var a = new float[3]; dense.Forward(c, input, a, 1); var h = new float[3]; sig.Forward(c, a, h, 1); return h; }
        double frob = 0;
        const float eps = 1e-3f;
        for (int i = 0; i < 6; i++)
        {
            var xp = (float[])x.Clone(); xp[i] += eps;
            var xm = (float[])x.Clone(); xm[i] -= eps;
            var hp = H(xp); var hm = H(xm);
            for (int j = 0; j < 3; j++) { double dj = (hp[j] - hm[j]) / (2.0 * eps); frob += dj * dj; }
        }
        var penalty = new ContractivePenalty(dense, 1.0).Apply(H(x), new float[3], 1, 3);
        Assert.That(penalty, Is.EqualTo(frob).Within(1e-3 * frob));
    }

    [Test]
    public void VaeDenseKl() => Check(Make(Dense(Variant.Vae), 9, klWeight: 0.7));

    [Test]
    public void VaeConv1DKl() => Check(Make(new TrainingOptions { Arch = Architecture.Conv1D, Window = 8, Hidden = [3], Latent = 2, Kernel = 3, Activation = HiddenActivation.Tanh, Variant = Variant.Vae }, 10, klWeight: 0.4));

    [Test]
    public void VaeFreeBitsGateLowKlUnits()
    {
        var k = Make(Dense(Variant.Vae), 11, klWeight: 0.7);
        k.Model.Forward(k.Compute, k.X, k.N);
        var kl = k.Model.Vae!.UnitKl(k.N).OrderBy(v => v).ToArray();
        // A floor between the two smallest unit KLs: one unit is gated (no KL gradient), the others are not.
        double floor = (kl[0] + kl[1]) / 2;
        Assert.That(kl[1] - kl[0], Is.GreaterThan(1e-3), "test needs distinct unit KLs");
        Check(k with { FreeBits = floor });
    }

    [Test]
    public void VaeKlOfStandardNormalPosteriorIsZero()
    {
        var head = new VaeHead(new EdgeAE.Training.Engine.Dense(2, 2, new Rng(1)), new EdgeAE.Training.Engine.Dense(2, 2, new Rng(2)));
        foreach (var p in head.Parameters) Array.Clear(p.Value);
        var c = new Compute(1, new Rng(3)) { Training = true };
        head.Forward(c, new float[4], 2);
        Assert.That(head.KlTerm(2, 1.0, 0), Is.EqualTo(0).Within(1e-12));
        Assert.That(head.KlTerm(2, 1.0, 0.25), Is.EqualTo(0.5).Within(1e-12), "free bits floor each unit");
    }
}
