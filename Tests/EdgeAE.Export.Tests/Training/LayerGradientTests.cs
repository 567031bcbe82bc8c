using EdgeAE.Training.Engine;

namespace EdgeAE.Export.Tests.Training;

/// <summary>Every layer's backward pass against finite differences (with 2 threads, so the chunked path is the one checked).</summary>
public class LayerGradientTests
{
    private static Compute TrainingCompute(ulong seed = 1) => new(2, new Rng(seed), parallelThreshold: 0) { Training = true };

    [Test]
    public void Dense()
    {
        var rng = new Rng(1);
        GradCheck.CheckLayer(new Dense(7, 5, rng), 9, TrainingCompute(), rng);
    }

    [Test]
    public void Conv1DStridedAsymmetricPads()
    {
        var rng = new Rng(2);
        var layer = new Conv(3, 1, 11, 4, ConvSpec.OneD(kernel: 5, stride: 2, padLeft: 1, padRight: 2), oneD: true, rng);
        Assert.That(layer.OutShape, Is.EqualTo(new[] { 4, 5 }));
        GradCheck.CheckLayer(layer, 6, TrainingCompute(), rng);
    }

    [Test]
    public void Conv2D()
    {
        var rng = new Rng(3);
        var layer = new Conv(2, 9, 5, 3, new ConvSpec(3, 3, 2, 1, 1, 1, 1, 1), oneD: false, rng);
        Assert.That(layer.OutShape, Is.EqualTo(new[] { 3, 5, 5 }));
        GradCheck.CheckLayer(layer, 5, TrainingCompute(), rng);
    }

    [Test]
    public void ConvTranspose1D()
    {
        var rng = new Rng(4);
        var layer = new ConvTranspose(3, 1, 8, 2, ConvSpec.OneD(kernel: 7, stride: 2, padLeft: 2, padRight: 3), oneD: true, rng);
        Assert.That(layer.OutShape, Is.EqualTo(new[] { 2, 16 }));
        GradCheck.CheckLayer(layer, 5, TrainingCompute(), rng);
    }

    [Test]
    public void ConvTranspose2D()
    {
        var rng = new Rng(5);
        var layer = new ConvTranspose(2, 4, 3, 3, new ConvSpec(3, 3, 2, 1, 1, 1, 0, 1), oneD: false, rng);
        Assert.That(layer.OutShape, Is.EqualTo(new[] { 3, 8, 3 }));
        GradCheck.CheckLayer(layer, 5, TrainingCompute(), rng);
    }

    [Test]
    public void Upsample1D() => GradCheck.CheckLayer(new Upsample([3, 5], 2), 4, TrainingCompute(), new Rng(15));

    [Test]
    public void Upsample2D()
    {
        var layer = new Upsample([2, 4, 3], 3);
        Assert.That(layer.OutShape, Is.EqualTo(new[] { 2, 12, 3 }));
        GradCheck.CheckLayer(layer, 3, TrainingCompute(), new Rng(16));
    }

    [Test]
    public void BatchNormTrainingModeDense()
    {
        var rng = new Rng(6);
        var bn = new BatchNorm([4]);
        for (int i = 0; i < 4; i++) { bn.Gamma.Value[i] = 0.5f + i; bn.Beta.Value[i] = i - 1; }
        GradCheck.CheckLayer(bn, 7, TrainingCompute(), rng, eps: 1e-2f, tolerance: 2e-2);
    }

    [Test]
    public void BatchNormTrainingModeConv()
    {
        var rng = new Rng(7);
        var bn = new BatchNorm([3, 5]);
        GradCheck.CheckLayer(bn, 4, TrainingCompute(), rng, eps: 1e-2f, tolerance: 2e-2);
    }

    [Test]
    public void BatchNormInferenceMode()
    {
        var rng = new Rng(8);
        var bn = new BatchNorm([3]);
        bn.RunningMean[1] = 0.5f; bn.RunningVar[2] = 4f; bn.Gamma.Value[0] = 2f;
        GradCheck.CheckLayer(bn, 4, new Compute(2) { Training = false }, rng);
    }

    // Inputs pushed away from the kink so ±ε never crosses it.
    private static float[] AwayFromZero(float[] x) => x.Select(v => MathF.Abs(v) < 0.1f ? v + 0.3f * MathF.Sign(v + 1e-9f) : v).ToArray();

    [Test]
    public void Relu() => GradCheck.CheckLayer(new Relu([6]), 5, TrainingCompute(), new Rng(9), eps: 1e-2f, shapeInput: AwayFromZero);

    [Test]
    public void LeakyRelu() => GradCheck.CheckLayer(new LeakyRelu([6], 0.1f), 5, TrainingCompute(), new Rng(10), eps: 1e-2f, shapeInput: AwayFromZero);

    [Test]
    public void Sigmoid() => GradCheck.CheckLayer(new Sigmoid([6]), 5, TrainingCompute(), new Rng(11), eps: 1e-2f);

    [Test]
    public void Tanh() => GradCheck.CheckLayer(new Tanh([6]), 5, TrainingCompute(), new Rng(12), eps: 1e-2f);

    [Test]
    public void DropoutWithFrozenMask()
    {
        var layer = new Dropout([10], 0.4f);
        var c = TrainingCompute();
        layer.Forward(c, new float[30], new float[30], 3);
        layer.FreezeMask = true;
        GradCheck.CheckLayer(layer, 3, c, new Rng(13));
    }

    [Test]
    public void DropoutIsIdentityAtInferenceAndScalesInTraining()
    {
        var layer = new Dropout([1000], 0.5f);
        var x = Enumerable.Repeat(1f, 1000).ToArray();
        var y = new float[1000];
        layer.Forward(new Compute(1) { Training = false }, x, y, 1);
        Assert.That(y, Is.EqualTo(x));
        layer.Forward(new Compute(1, new Rng(3)) { Training = true }, x, y, 1);
        Assert.That(y.Distinct().OrderBy(v => v), Is.EqualTo(new[] { 0f, 2f }));
        Assert.That(y.Count(v => v == 0), Is.InRange(400, 600));
    }

    [Test]
    public void BatchNormFoldsIntoPrecedingDense()
    {
        var rng = new Rng(14);
        var dense = new Dense(4, 3, rng);
        var bn = new BatchNorm([3]);
        var c = new Compute(1) { Training = true };
        var x = GradCheck.Random(rng, 8 * 4);
        var h = new float[8 * 3];
        dense.Forward(c, x, h, 8);
        bn.Forward(c, h, new float[24], 8);
        c.Training = false;
        var y = new float[24];
        dense.Forward(c, x, h, 8);
        bn.Forward(c, h, y, 8);
        var (scale, shift) = bn.InferenceAffine();
        for (int s = 0; s < 8; s++)
            for (int o = 0; o < 3; o++)
            {
                double folded = 0;
                for (int i = 0; i < 4; i++) folded += dense.Weight.Value[o * 4 + i] * scale[o] * x[s * 4 + i];
                folded += dense.Bias.Value[o] * scale[o] + shift[o];
                Assert.That(y[s * 3 + o], Is.EqualTo(folded).Within(1e-5));
            }
    }
}
