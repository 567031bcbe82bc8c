using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Streaming;
using EdgeAE.Training;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeAE.Export.Tests.Training;

public class AutoencoderTrainerTests
{
    private static TrainingOptions Small(Architecture arch = Architecture.Conv1D) => new()
    {
        Arch = arch,
        Window = 16,
        Epochs = 4,
        BatchSize = 16,
        Patience = 0,
        Threads = 2,
        Seed = 7,
        Hidden = arch == Architecture.Dense ? [16] : null,
    };

    [TestCase(Architecture.Dense, Variant.Plain)]
    [TestCase(Architecture.Conv1D, Variant.Vae)]
    [TestCase(Architecture.Conv2D, Variant.Denoising)]
    public void SameSeedGivesIdenticalModelWithOneOrTwoThreads(Architecture arch, Variant variant)
    {
        var table = SyntheticData.Sines(160);
        // Threshold 0: even this tiny model really runs its chunks on two threads.
        var options = Small(arch) with { Variant = variant, Dropout = 0.1f, BatchNorm = true, ParallelThreshold = 0 };
        var one = AutoencoderTrainer.Train(table, options with { Threads = 1 });
        var two = AutoencoderTrainer.Train(table, options with { Threads = 2 });
        Assert.That(two.GraphSha256, Is.EqualTo(one.GraphSha256));
        Assert.That(two.ValLoss, Is.EqualTo(one.ValLoss));
        var other = AutoencoderTrainer.Train(table, options with { Seed = 8 });
        Assert.That(other.GraphSha256, Is.Not.EqualTo(one.GraphSha256), "the seed matters");
    }

    [TestCase(Variant.Plain)]
    [TestCase(Variant.Denoising)]
    [TestCase(Variant.Sparse)]
    [TestCase(Variant.Contractive)]
    [TestCase(Variant.Vae)]
    [TestCase(Variant.VqVae)]
    public void EveryDenseVariantLearnsBelowBaseline(Variant variant)
    {
        var table = SyntheticData.Sines(300);
        var result = AutoencoderTrainer.Train(table, Small(Architecture.Dense) with { Variant = variant, Epochs = 40, LearningRate = 3e-3f, KlAnnealEpochs = 5 });
        TestContext.Out.WriteLine($"{variant}: val {result.ValLoss:G4} baseline {result.BaselineValLoss:G4}");
        Assert.That(result.ValLoss, Is.LessThan(0.7 * result.BaselineValLoss));
    }

    [Test]
    public void SparseKlVariantTrainsWithSigmoidCode()
    {
        var result = AutoencoderTrainer.Train(SyntheticData.Sines(200), Small(Architecture.Dense) with { Variant = Variant.Sparse, SparsityTarget = 0.05, Epochs = 3 });
        Assert.That(double.IsFinite(result.ValLoss));
        Assert.That(result.Model.Graph.Node.Any(n => n.OpType == "Sigmoid"));
    }

    [Test]
    public void EarlyStoppingRestoresBestWeights()
    {
        var table = SyntheticData.Sines(200);
        var result = AutoencoderTrainer.Train(table, Small(Architecture.Dense) with { Epochs = 60, Patience = 2, LearningRate = 2e-2f });
        Assert.That(result.Epochs, Is.LessThan(60));
        Assert.That(result.Epochs - result.BestEpoch, Is.EqualTo(2));
        double best = result.History.Min(h => h.ValLoss);
        Assert.That(result.ValLoss, Is.EqualTo(best).Within(1e-12), "the restored weights are the best epoch's");
        Assert.That(result.History[result.BestEpoch - 1].ValLoss, Is.EqualTo(best));
    }

    [Test]
    public void BundleLoadsAndOrtReproducesValidationLoss()
    {
        var table = SyntheticData.Sines(200);
        // No preprocessing stages: the z-score below is then the raw training rows' (the default stages are tested with the recipe).
        var result = AutoencoderTrainer.Train(table, Small() with { Epochs = 3, Preprocessing = [] });
        var m = result.Manifest;
        Assert.Multiple(() =>
        {
            Assert.That(m.Layout, Is.EqualTo(TensorLayout.Ncw));
            Assert.That(m.Window, Is.EqualTo(16));
            Assert.That(m.Channels, Is.EqualTo(new[] { "ch0", "ch1", "ch2" }));
            Assert.That(m.Normalization.Kind, Is.EqualTo(NormalizationKind.ZScore));
            Assert.That(m.Score.Metric, Is.EqualTo(ErrorMetric.Mae), "the recipe's window error, whatever the loss");
            Assert.That(m.Score.Reduction, Is.EqualTo(ScoreReduction.TopK));
            Assert.That(m.Score.TopK, Is.EqualTo(2));
        });
        // z-score fitted on the training rows only (the first 80 %).
        var train = table.Slice(0, 160);
        double mean0 = Enumerable.Range(0, 160).Average(r => (double)train.Row(r)[0]);
        Assert.That(m.Normalization.Offset[0], Is.EqualTo(mean0).Within(1e-5));

        string path = Path.Combine(Path.GetTempPath(), $"edgeae-train-{Guid.NewGuid():N}.onnx");
        try
        {
            result.Save(path);
            using var bundle = Bundle.Load(path);
            Assert.That(bundle.Manifest.Provenance.GraphSha256, Is.EqualTo(result.GraphSha256));
            var (windows, _) = WindowExtractor.Extract(table.Slice(160, 200), bundle.Manifest, 1);
            int d = m.WindowValues, count = windows.Length / d;
            using var outputs = bundle.Session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(windows, [count, 3, 16]))]);
            var y = outputs.First().AsTensor<float>().ToArray();
            double mse = windows.Zip(y, (a, b) => (double)(a - b) * (a - b)).Average();
            Assert.That(mse, Is.EqualTo(result.ValLoss).Within(1e-5 * result.ValLoss));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void FewerRowsThanOneWindowIsAOneLineError()
    {
        var e = Assert.Throws<InputException>(() => AutoencoderTrainer.Train(SyntheticData.Sines(10), Small()));
        Assert.That(e!.Message, Does.Contain("10 rows, fewer than one window of 16"));
    }

    [Test]
    public void ValidationPartShorterThanAWindowIsAnError()
    {
        var e = Assert.Throws<InputException>(() => AutoencoderTrainer.Train(SyntheticData.Sines(40), Small()));
        Assert.That(e!.Message, Does.Contain("no validation split"));
        Assert.DoesNotThrow(() => AutoencoderTrainer.Train(SyntheticData.Sines(40), Small() with { ValSplit = 0, Epochs = 1 }));
    }

    [Test]
    public void ConstantChannelIsNamed()
    {
        var table = SyntheticData.Sines(100, edit: (_, c, v) => c == 1 ? 4.5f : v);
        var e = Assert.Throws<InputException>(() => AutoencoderTrainer.Train(table, Small()));
        Assert.That(e!.Message, Does.Contain("channel 'ch1' is constant"));
    }

    [Test]
    public void TinyScaleChannelIsNotMistakenForConstant()
    {
        var table = SyntheticData.Sines(120, edit: (_, c, v) => c == 1 ? v * 1e-9f : v);
        var result = AutoencoderTrainer.Train(table, Small() with { Epochs = 1 });
        Assert.That(result.Manifest.Normalization.Scale[1], Is.GreaterThan(0).And.LessThan(1e-8));
    }

    [Test]
    public void NaNRowsAreSkippedAndNeverReachTheModel()
    {
        var table = SyntheticData.Sines(200, edit: (r, c, v) => r % 37 == 5 && c == 2 ? float.NaN : v);
        var result = AutoencoderTrainer.Train(table, Small() with { Epochs = 2 });
        Assert.That(double.IsFinite(result.ValLoss) && double.IsFinite(result.BaselineValLoss));
        foreach (var init in result.Model.Graph.Initializer.Where(i => i.DataType == 1))
            Assert.That(EdgeAE.Onnx.OnnxTensors.ToFloats(init).All(float.IsFinite), init.Name);
    }

    [Test]
    public void AllNaNChannelIsAnError()
    {
        var table = SyntheticData.Sines(100, edit: (_, c, v) => c == 0 ? float.NaN : v);
        var e = Assert.Throws<InputException>(() => AutoencoderTrainer.Train(table, Small()));
        Assert.That(e!.Message, Does.Contain("no complete training window").Or.Contain("no finite value"));
    }

    [Test]
    public void DivergenceIsReportedNotWritten()
    {
        var table = SyntheticData.Sines(200);
        var e = Assert.Throws<InputException>(() => AutoencoderTrainer.Train(table, Small(Architecture.Dense) with { LearningRate = 1e30f, Epochs = 5 }));
        Assert.That(e!.Message, Does.Contain("diverged").Or.Contain("non-finite"));
    }

    [Test]
    public void BceNeedsMinMax()
    {
        var e = Assert.Throws<InvalidParameterException>(() => AutoencoderTrainer.Train(SyntheticData.Sines(100), Small() with { Loss = EdgeAE.Training.Objectives.LossKind.Bce }));
        Assert.That(e!.Parameter, Is.EqualTo(nameof(TrainingOptions.Loss)));
        Assert.That(e.Message, Does.Contain("min-max"));
    }

    [Test]
    public void ProgressReportsEveryEpochInOrder()
    {
        var reports = new List<EpochReport>();
        AutoencoderTrainer.Train(SyntheticData.Sines(120), Small() with { Epochs = 3 }, new ListProgress(reports));
        Assert.That(reports.Select(r => r.Epoch), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(reports.All(r => r.WindowsPerSecond > 0));
    }

    private sealed class ListProgress(List<EpochReport> list) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => list.Add(value);
    }
}
