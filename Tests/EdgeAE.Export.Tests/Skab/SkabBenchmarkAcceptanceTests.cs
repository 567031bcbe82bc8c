using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.Skab;

/// <summary>
/// The full SKAB protocol with the command's defaults on ../shared/data/skab (valve1 + valve2, 20
/// files; ignored when absent). Trains 20 models: about 2 minutes on 2 contended cores.
/// </summary>
[Category("Acceptance")]
public class SkabBenchmarkAcceptanceTests
{
    private static string SkabDirectory()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAE.sln"))) dir = dir.Parent;
        // ../shared next to the repository root; a git worktree (wt/<name>) finds it one level further up.
        foreach (var up in new[] { dir?.Parent, dir?.Parent?.Parent })
        {
            if (up is null) continue;
            string path = Path.Combine(up.FullName, "shared", "data", "skab");
            if (Directory.Exists(Path.Combine(path, "valve1"))) return path;
        }
        Assert.Ignore("SKAB data (../shared/data/skab) is not available next to the repository");
        return "";
    }

    [Test]
    public void Int8PooledF1ReachesTheTargetWithFewFalseAlarms()
    {
        var files = SkabFileDiscovery.Find(SkabDirectory());
        Assert.That(files, Has.Count.EqualTo(20));

        var result = SkabBenchmark.Run(files.Select(f => SkabRecording.Labelled(SkabDirectory(), f)).ToList(), new SkabOptions());

        foreach (var p in result.Precisions)
        {
            var c = result.Pooled(p);
            TestContext.Out.WriteLine($"{p}: F1 {c.F1:F4} FAR {c.FarPercent:F2} % MAR {c.MarPercent:F2} % ({c})");
        }
        TestContext.Out.WriteLine($"wall {result.Wall.TotalSeconds:F0} s");
        var int8 = result.Pooled(Precision.Int8);
        // Tripwire: the product recipe gives int8 F1 0.837, FAR 1.82 % (fp32 0.838, 1.76 %) by `edgeae bench skab --data
        // ../shared/data/skab` (BENCHMARKS.md, "Choosing the defaults"); 0.82 is the bar, so a change of the
        // defaults that loses it shows here first. The old recipe (0.809, 2.95 %) fails it.
        Assert.That(int8.F1, Is.GreaterThanOrEqualTo(0.82));
        Assert.That(int8.FarPercent, Is.LessThanOrEqualTo(5));
        Assert.That(Math.Abs(result.Pooled(Precision.Fp32).F1 - int8.F1), Is.LessThan(0.02), "int8 stays close to fp32");
        // No channel is left out any more: the recipe differences the slow ones instead.
        Assert.That(result.Files.Select(f => f.SlowChannels), Has.All.Empty);
    }
}
