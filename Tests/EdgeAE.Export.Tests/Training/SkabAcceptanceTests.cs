using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Training;

namespace EdgeAE.Export.Tests.Training;

/// <summary>Real SKAB data from ../shared (ignored when absent). Each test stays well under 60 s on 2 cores.</summary>
[Category("Acceptance")]
public class SkabAcceptanceTests
{
    [Test]
    public void Conv1DOnAnomalyFreeBeatsTheChannelMeanBaselineClearly()
    {
        string path = SyntheticData.RequireShared("data/skab/anomaly-free/anomaly-free.csv");
        var table = SensorDataReader.Read(path, new DataReadOptions { Rows = RowRange.Parse("0:1000") });
        var result = AutoencoderTrainer.Train(table, new TrainingOptions { Arch = Architecture.Conv1D, Window = 60, Epochs = 20, Seed = 1 });
        TestContext.Out.WriteLine($"val {result.ValLoss:G4} baseline {result.BaselineValLoss:G4} epochs {result.Epochs} {result.WindowsPerSecond:F0} windows/s");
        Assert.That(result.ValLoss, Is.LessThan(0.5 * result.BaselineValLoss));
        Assert.That(result.Manifest.ChannelCount, Is.EqualTo(8));
    }

    [Test]
    public void SameSeedSameGraphShaWithOneAndTwoThreads()
    {
        string path = SyntheticData.RequireShared("data/skab/valve1/0.csv");
        var table = SensorDataReader.Read(path, new DataReadOptions { Rows = RowRange.Parse("0:400") });
        var options = new TrainingOptions { Arch = Architecture.Conv1D, Window = 60, Epochs = 3, Seed = 42, Dropout = 0.2f };
        string dir = Path.Combine(Path.GetTempPath(), $"edgeae-det-{Guid.NewGuid():N}");
        try
        {
            var one = AutoencoderTrainer.Train(table, options with { Threads = 1 });
            var two = AutoencoderTrainer.Train(table, options with { Threads = 2 });
            one.Save(Path.Combine(dir, "one.onnx"));
            two.Save(Path.Combine(dir, "two.onnx"));
            string shaOne = OnnxModelFile.GraphSha256(Path.Combine(dir, "one.onnx"));
            string shaTwo = OnnxModelFile.GraphSha256(Path.Combine(dir, "two.onnx"));
            Assert.That(shaOne, Is.EqualTo(one.GraphSha256));
            Assert.That(shaTwo, Is.EqualTo(shaOne));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
