using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Tests.Skab;

public class SkabPoolingTests
{
    private static SkabFileResult File(string name, ConfusionMatrix fp32, ConfusionMatrix int8) => new()
    {
        Path = name,
        TestRows = (int)fp32.Points,
        Epochs = 1,
        Elapsed = TimeSpan.Zero,
        Precisions = new Dictionary<Precision, SkabPrecisionResult>
        {
            [Precision.Fp32] = new(1, fp32),
            [Precision.Int8] = new(1, int8),
        },
    };

    [Test]
    public void PoolingSumsConfusionCountsPerPrecision()
    {
        var result = new SkabBenchmarkResult
        {
            Files = [File("a", new(10, 0, 90, 0), new(9, 1, 89, 1)), File("b", new(0, 50, 50, 100), new(1, 2, 3, 4))],
            Precisions = [Precision.Fp32, Precision.Int8],
            Wall = TimeSpan.Zero,
        };
        Assert.That(result.Pooled(Precision.Fp32), Is.EqualTo(new ConfusionMatrix(10, 50, 140, 100)));
        Assert.That(result.Pooled(Precision.Int8), Is.EqualTo(new ConfusionMatrix(10, 3, 92, 5)));
    }

    [Test]
    public void PooledMetricsComeFromSummedCountsNotFromAveragedFileScores()
    {
        // File a is perfect (F1 1), file b finds nothing (F1 0): the mean F1 would be 0.5,
        // the protocol's pooled F1 is TP / (TP + (FN + FP)/2) = 10 / (10 + 150/2).
        var pooled = SkabBenchmarkResult.Pool([new(10, 0, 90, 0), new(0, 50, 50, 100)]);
        Assert.That(pooled.F1, Is.EqualTo(10.0 / 85).Within(1e-12));
        Assert.That(pooled.FarPercent, Is.EqualTo(100.0 * 50 / 190).Within(1e-12));
        Assert.That(pooled.MarPercent, Is.EqualTo(100.0 * 100 / 110).Within(1e-12));
    }

    [Test]
    public void JsonHasPooledMetricsPerPrecisionAndTheFileCount()
    {
        var result = new SkabBenchmarkResult
        {
            Files = [File("a", new(10, 0, 90, 0), new(9, 1, 89, 1)), File("b", new(0, 50, 50, 100), new(1, 2, 3, 4))],
            Precisions = [Precision.Fp32, Precision.Int8],
            Wall = TimeSpan.FromSeconds(1),
        };
        var o = EdgeAE.Export.Cli.BenchSkabCommand.ToJson(result);
        Assert.That(o["files"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(o["fp32"]!["f1"]!.GetValue<double>(), Is.EqualTo(Math.Round(10.0 / 85, 4)));
        Assert.That(o["int8"]!["far"]!.GetValue<double>(), Is.EqualTo(Math.Round(100.0 * 3 / 95, 2)));
        Assert.That(o["int8"]!["mar"]!.GetValue<double>(), Is.EqualTo(Math.Round(100.0 * 5 / 15, 2)));
        Assert.That(o["per_file"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public void PoolingNothingIsAllZeros() =>
        Assert.That(SkabBenchmarkResult.Pool([]), Is.EqualTo(new ConfusionMatrix(0, 0, 0, 0)));

    [Test]
    public void WindowEndRuleScoresEachRowByTheWindowEndingThere()
    {
        var series = new ScoreSeries
        {
            Scores = [5f, 1f, 7f],
            RawScores = [5f, 1f, 7f],
            EndRows = [2, 3, 4],
            EndTimes = new DateTime[3],
            Contributions = new float[3],
            Events = [],
            Channels = 1,
            // Margins are score − the level each window met: here a static level 2 (the third window an adaptive 3).
            AlarmLevels = [2, 2, 3],
            Levels = [AlertLevel.Alarm, AlertLevel.Alarm, AlertLevel.Normal],
        };
        var end = SkabPointScores.Of(series, 3, 6, PointRule.WindowEnd);
        var all = SkabPointScores.Of(series, 3, 6, PointRule.AllCoveringWindows);
        var level = SkabPointScores.Of(series, 3, 6, PointRule.DetectorLevel);
        Assert.That(end, Is.EqualTo(new[] { float.NaN, float.NaN, 3f, -1f, 4f, float.NaN }));
        // SKAB: the minimum over the windows covering the row (window ending at e covers e−2..e).
        Assert.That(all, Is.EqualTo(new[] { 3f, -1f, -1f, -1f, 4f, float.NaN }));
        // The device's alarm output after each window (hysteresis kept the second one at Alarm).
        Assert.That(level, Is.EqualTo(new[] { float.NaN, float.NaN, 1f, 1f, -1f, float.NaN }));
    }

    [Test]
    public void WindowsJudgedBeforeArmingAreLeftOut()
    {
        var series = new ScoreSeries
        {
            Scores = [5f, 1f],
            RawScores = [5f, 1f],
            EndRows = [0, 1],
            EndTimes = new DateTime[2],
            Contributions = new float[2],
            Events = [],
            Channels = 1,
            AlarmLevels = [double.NaN, 2],
            Levels = [AlertLevel.Normal, AlertLevel.Normal],
        };
        Assert.That(SkabPointScores.Of(series, 1, 2, PointRule.WindowEnd), Is.EqualTo(new[] { float.NaN, -1f }));
        Assert.That(SkabPointScores.Of(series, 1, 2, PointRule.DetectorLevel), Is.EqualTo(new[] { float.NaN, -1f }));
    }
}
