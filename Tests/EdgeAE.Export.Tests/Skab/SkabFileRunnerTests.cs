using System.Globalization;
using System.Text;
using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming.Preprocessing;
using EdgeAE.Training;

namespace EdgeAE.Export.Tests.Skab;

/// <summary>The protocol on one small synthetic recording (fast: short windows, few epochs).</summary>
public class SkabFileRunnerTests
{
    private const int Rows = 520, AnomalyStart = 450, AnomalyEnd = 490;
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-skab-run-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    /// <summary>The noiseless sines below are smooth enough to look "slow", so the screen is off unless a test is about it.</summary>
    private static SkabOptions Fast => new()
    {
        Training = SkabDefaults.Training with { Window = 16, Epochs = 4, Patience = 0 },
        Parallelism = 2,
        SlowChannelRoughness = 0,
    };

    /// <summary>SKAB-shaped CSV: sines, a big level shift on channel a in the labelled span; labels optionally inverted.</summary>
    private string WriteRecording(string name, bool invertLabels = false)
    {
        var sb = new StringBuilder("datetime;a;b;c;anomaly;changepoint\r\n");
        var t0 = new DateTime(2020, 3, 9, 10, 0, 0);
        for (int r = 0; r < Rows; r++)
        {
            bool anomalous = r is >= AnomalyStart and < AnomalyEnd;
            double a = Math.Sin(r * 0.3) + (anomalous ? 25 : 0), b = Math.Cos(r * 0.2) * 2, c = Math.Sin(r * 0.11 + 1) + 3;
            int label = anomalous ^ invertLabels ? 1 : 0;
            sb.Append(CultureInfo.InvariantCulture, $"{t0.AddSeconds(r):yyyy-MM-dd HH:mm:ss};{a:F5};{b:F5};{c:F5};{label}.0;0.0\r\n");
        }
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Test]
    public void CountsEveryTestRowOnceAndDetectsTheShift()
    {
        var result = SkabFileRunner.Run(SkabRecording.Labelled(dir, WriteRecording("0.csv")), Fast);
        Assert.That(result.TestRows, Is.EqualTo(Rows - 400));
        foreach (var p in new[] { Precision.Fp32, Precision.Int8 })
        {
            var c = result.Precisions[p].Confusion;
            TestContext.Out.WriteLine($"{p}: {c} threshold {result.Precisions[p].Threshold:G4}");
            Assert.That(c.Points, Is.EqualTo(Rows - 400), "every test row has a covering window when the whole file is streamed");
            Assert.That(c.Positives, Is.EqualTo(AnomalyEnd - AnomalyStart));
            Assert.That(c.TruePositives, Is.GreaterThan(0), $"{p} misses a 25-unit level shift");
        }
    }

    [Test]
    public void TheSlowChannelScreenLeavesADriftingChannelOutOfThatFile()
    {
        var rng = new Random(3);
        var sb = new StringBuilder("datetime;a;b;drift;anomaly;changepoint\r\n");
        var t0 = new DateTime(2020, 3, 9, 10, 0, 0);
        for (int r = 0; r < Rows; r++)
            sb.Append(CultureInfo.InvariantCulture, $"{t0.AddSeconds(r):yyyy-MM-dd HH:mm:ss};{rng.NextDouble():F5};{rng.NextDouble():F5};{20 + 0.01 * r + 0.001 * rng.NextDouble():F5};{(r >= AnomalyStart ? 1 : 0)}.0;0.0\r\n");
        string path = Path.Combine(dir, "drift.csv");
        File.WriteAllText(path, sb.ToString());
        var result = SkabFileRunner.Run(SkabRecording.Labelled(dir, path), Fast with { SlowChannelRoughness = StageRequest.DefaultRoughness, Precisions = [Precision.Fp32] });   // the screen is off by default (--slow-channels 0.5)
        Assert.That(result.SlowChannels, Is.EqualTo(new[] { "drift" }));
    }

    [Test]
    public void LabelsDoNotInfluenceTrainingOrThresholds()
    {
        var options = Fast with { Precisions = [Precision.Int8] };
        var normal = SkabFileRunner.Run(SkabRecording.Labelled(dir, WriteRecording("0.csv")), options).Precisions[Precision.Int8];
        var inverted = SkabFileRunner.Run(SkabRecording.Labelled(dir, WriteRecording("1.csv", invertLabels: true)), options).Precisions[Precision.Int8];
        Assert.That(inverted.Threshold, Is.EqualTo(normal.Threshold), "thresholds come from the training rows' scores alone");
        // Same decisions, opposite truth: every true positive becomes a false positive and so on.
        Assert.That(inverted.Confusion.FalsePositives, Is.EqualTo(normal.Confusion.TruePositives));
        Assert.That(inverted.Confusion.TrueNegatives, Is.EqualTo(normal.Confusion.FalseNegatives));
    }

    [Test]
    public void TooShortARecordingIsAClearError()
    {
        string path = Path.Combine(dir, "short.csv");
        File.WriteAllText(path, "datetime;a;anomaly\r\n2020-01-01 00:00:00;1;0\r\n");
        var e = Assert.Throws<InputException>(() => SkabFileRunner.Run(SkabRecording.Labelled(dir, path), Fast));
        Assert.That(e!.Message, Does.Contain("400 training rows"));
    }
}
