using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Training;
using EdgeAE.Training.Engine;
using EdgeAE.Training.Model;
using EdgeAE.Training.Objectives;
using EdgeAE.Training.Optim;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeAE.Export.Tests.Training;

/// <summary>ONNX Runtime on the exported graph computes what the engine's inference pass computes.</summary>
public class ExportEquivalenceTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Conv1D, Window = 60 }, 8).SetName("Conv1D SKAB Conv-AE");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Conv1D, Window = 37, BatchNorm = true, Dropout = 0.2f, Activation = HiddenActivation.LeakyRelu }, 3).SetName("Conv1D odd window, batch norm, dropout");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Conv2D, Window = 20, BatchNorm = true }, 4).SetName("Conv2D with batch norm");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Conv1D, Window = 37, Decoder = DecoderKind.Upsample, BatchNorm = true }, 3).SetName("Conv1D upsample decoder, odd window");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Conv2D, Window = 21, Decoder = DecoderKind.Upsample }, 3).SetName("Conv2D upsample decoder, odd window");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Dense, Window = 10, BatchNorm = true, Dropout = 0.1f, Activation = HiddenActivation.Tanh }, 3).SetName("Dense with batch norm");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Dense, Window = 10, Variant = Variant.Vae }, 3).SetName("Dense VAE decodes mu");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Conv1D, Window = 24, Variant = Variant.Vae }, 2).SetName("Conv1D VAE decodes mu");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Dense, Window = 10, Variant = Variant.VqVae, CodebookSize = 16 }, 3).SetName("Dense VQ-VAE nearest-entry lookup");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Conv1D, Window = 24, Variant = Variant.VqVae, CodebookSize = 8 }, 3).SetName("Conv1D VQ-VAE nearest-entry lookup");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Conv2D, Window = 12, Variant = Variant.VqVae, CodebookSize = 8 }, 3).SetName("Conv2D VQ-VAE nearest-entry lookup");
        yield return new TestCaseData(new TrainingOptions { Arch = Architecture.Dense, Window = 6, Variant = Variant.Contractive, Loss = LossKind.Bce, Normalization = NormalizationKind.MinMax }, 2).SetName("Dense contractive with sigmoid output");
    }

    [TestCaseSource(nameof(Cases))]
    public void OrtMatchesEngine(TrainingOptions options, int channels)
    {
        var rng = new Rng(5);
        var model = ArchitectureBuilder.Build(options, channels, rng);
        var c = new Compute(2, new Rng(6)) { Training = true };
        int n = 6, d = model.WindowValues;
        var x = GradCheck.Random(rng, n * d);
        if (options.Loss == LossKind.Bce) x = x.Select(v => 1f / (1 + MathF.Exp(-v))).ToArray();
        // A few optimiser steps so batch-norm running statistics and weights move off their initial values.
        var adam = new Adam(model.Parameters);
        var loss = ReconstructionLoss.Create(options.Loss);
        var dOut = new float[n * d];
        for (int step = 0; step < 5; step++)
        {
            adam.ZeroGrad();
            var y = model.Forward(c, x, n);
            loss.Compute(y.AsSpan(0, n * d), x, dOut);
            model.Backward(c, dOut, n, null, 1e-3, 0);
            adam.Step(1e-2f);
        }
        c.Training = false;
        var expected = model.Forward(c, x, n).AsSpan(0, n * d).ToArray();

        var onnx = model.Export();
        long[] shape = ManifestValidator.WindowShape(model.Layout, model.Window, channels);
        shape[0] = n;
        using var session = new InferenceSession(onnx.ToByteArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x, shape.Select(v => (int)v).ToArray()))]);
        var actual = results.First(r => r.Name == "output").AsTensor<float>().ToArray();
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i])));
        Assert.That(worst, Is.LessThan(1e-5), "largest relative difference ORT vs engine");
        Assert.That(onnx.Graph.Node.Any(nd => nd.OpType == "BatchNormalization"), Is.False, "batch norm is folded");
        if (options.Decoder == DecoderKind.Upsample)
            Assert.That(onnx.Graph.Node.Any(nd => nd.OpType == "ConvTranspose"), Is.False, "upsample decoders are Conv-only");
    }
}
