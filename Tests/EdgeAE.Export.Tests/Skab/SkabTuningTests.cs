using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Export.Cli;
using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.Skab;

public class SkabTuningTests
{
    private static SkabFileResult File(string name, string group, ConfusionMatrix c, bool normalOnly = false) => new()
    {
        Path = name,
        Group = group,
        NormalOnly = normalOnly,
        TestRows = (int)c.Points,
        Epochs = 0,
        Elapsed = TimeSpan.Zero,
        Precisions = new Dictionary<Precision, SkabPrecisionResult> { [Precision.Fp32] = new(1, c) },
    };

    private static SkabBenchmarkResult Run(params SkabFileResult[] files) => new() { Files = files, Precisions = [Precision.Fp32], Wall = TimeSpan.Zero };

    // tp, fp, tn, fn
    private static readonly ConfusionMatrix Good = new(90, 5, 95, 10);      // F1 0.923, FAR 5 %
    private static readonly ConfusionMatrix Noisy = new(100, 30, 70, 0);    // F1 0.870, FAR 30 %
    private static readonly ConfusionMatrix Blind = new(20, 0, 100, 80);    // F1 0.333, FAR 0 %

    [Test]
    public void ChoosesTheBestF1WithinTheFarCapAndTheLowestFarWhenNoneIsWithin()
    {
        var runs = new[] { Run(File("a", "g", Noisy)), Run(File("a", "g", Good)), Run(File("a", "g", Blind)) };
        Assert.That(SkabTuning.Choose(runs, _ => true, Precision.Fp32, 10), Is.EqualTo(1));
        Assert.That(SkabTuning.Choose(runs, _ => true, Precision.Fp32, 40), Is.EqualTo(1), "Good has the higher F1 too");
        Assert.That(SkabTuning.Choose(runs, _ => true, Precision.Fp32, 1), Is.EqualTo(2), "none within 1 %: the lowest FAR");
    }

    [Test]
    public void NormalOnlySegmentsMustAlsoStayWithinTheCap()
    {
        var falseAlarms = new ConfusionMatrix(0, 40, 60, 0);
        var runs = new[]
        {
            Run(File("a", "g", Good), File("n", "normal", falseAlarms, normalOnly: true)),
            Run(File("a", "g", new ConfusionMatrix(85, 6, 94, 15)), File("n", "normal", new ConfusionMatrix(0, 2, 98, 0), normalOnly: true)),
        };
        Assert.That(SkabTuning.Choose(runs, _ => true, Precision.Fp32, 10), Is.EqualTo(1));
    }

    [Test]
    public void TheGroupSplitChoosesOnTheTuningGroupOnlyAndReportsTheOther()
    {
        // Candidate 0 is best on valve1, candidate 1 on valve2: the split must pick 0 and report its valve2 result.
        var runs = new[]
        {
            Run(File("v1", "valve1", Good), File("v2", "valve2", Blind)),
            Run(File("v1", "valve1", Blind), File("v2", "valve2", Good)),
        };
        var plan = new SkabTuningPlan { Candidates = [new("a", new SkabOptions()), new("b", new SkabOptions())], TuneOn = ["valve1"], TestOn = ["valve2"] };
        var t = SkabTuning.Evaluate(runs, [], plan);
        Assert.That(t.GroupSplit!.Chosen, Is.EqualTo(0));
        Assert.That(t.GroupSplit.Tuned.Labelled, Is.EqualTo(Good));
        Assert.That(t.GroupSplit.HeldOut.Labelled, Is.EqualTo(Blind));
    }

    [Test]
    public void EachFoldIsChosenWithoutItsOwnRecordings()
    {
        // Four recordings, two folds (0,2 | 1,3). Candidate 1 is only good on fold 1's recordings.
        var c0 = Run(File("r0", "g", Good), File("r1", "g", Blind), File("r2", "g", Good), File("r3", "g", Blind));
        var c1 = Run(File("r0", "g", Blind), File("r1", "g", Good), File("r2", "g", Blind), File("r3", "g", Good));
        var plan = new SkabTuningPlan { Candidates = [new("a", new SkabOptions()), new("b", new SkabOptions())], Folds = 2 };
        var used = new[] { "r0", "r1", "r2", "r3" }.Select(n => Recording(n)).ToList();
        var t = SkabTuning.Evaluate([c0, c1], used, plan);
        Assert.That(t.Folds!.Select(f => f.Chosen), Is.EqualTo(new[] { 1, 0 }), "fold 0 is chosen on fold 1's recordings and vice versa");
        Assert.That(t.FoldsHeldOut!.Labelled, Is.EqualTo(Blind + Blind + Blind + Blind), "what a tuned choice does on data it did not see");
    }

    private static SkabRecording Recording(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "edgeae-tuning-" + Guid.NewGuid().ToString("N"));
        return SkabRecording.Labelled(dir, Path.Combine(dir, name));
    }

    [Test]
    public void GridLinesOverrideTheCommandLineFlagsTheyName()
    {
        string grid = Path.GetTempFileName();
        System.IO.File.WriteAllLines(grid, ["# comment", "(defaults)", "--stage difference@slow --adaptive dspot", "--precision both --q 0.99"]);
        try
        {
            var command = BenchSkabCommand.Create("skab");
            var r = command.Parse(["--data", "x", "--precision", "fp32", "--q", "0.995", "--grid", grid]);
            var candidates = SkabGridFile.Read(grid, r);
            Assert.That(candidates, Has.Count.EqualTo(3));
            Assert.That(candidates[0].Options.Precisions, Is.EqualTo(new[] { Precision.Fp32 }), "the command line's flags are every candidate's base");
            Assert.That(candidates[0].Options.Calibration.Q, Is.EqualTo(0.995));
            Assert.That(candidates[1].Options.Training.Preprocessing, Has.Count.EqualTo(1));
            Assert.That(candidates[1].Options.Calibration.Adaptive, Is.Not.Null);
            Assert.That(candidates[2].Options.Precisions, Has.Count.EqualTo(2));
            Assert.That(candidates[2].Options.Calibration.Q, Is.EqualTo(0.99));
        }
        finally
        {
            System.IO.File.Delete(grid);
        }
    }

    [Test]
    public void ABadGridLineNamesItsLine()
    {
        string grid = Path.GetTempFileName();
        System.IO.File.WriteAllLines(grid, ["--q 0.99", "--reduction nonsense"]);
        try
        {
            var r = BenchSkabCommand.Create("skab").Parse(["--data", "x", "--grid", grid]);
            var e = Assert.Throws<UsageException>(() => SkabGridFile.Read(grid, r));
            Assert.That(e!.Message, Does.StartWith($"{grid}:2:"));
        }
        finally
        {
            System.IO.File.Delete(grid);
        }
    }
}
