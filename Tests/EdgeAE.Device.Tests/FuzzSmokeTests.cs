using System.Diagnostics;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Fuzz;

namespace EdgeAE.Device.Tests;

/// <summary>
/// The CI smoke round of the fuzz harnesses (the long, coverage-guided runs are scripts/fuzz.sh under
/// afl-fuzz): every seed, every saved crasher (Tests/Fuzz/regressions/&lt;target&gt;/, each a regression
/// test), and a few hundred deterministic mutations of the seeds go through each target in-process, for
/// about two seconds a target. Any exception other than the product's bad-input errors fails the test.
/// </summary>
public class FuzzSmokeTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
    private const int MaxMutations = 600;

    public static IEnumerable<string> Targets => FuzzTargets.All.Keys;

    private static string FuzzDir(string kind, string target) => Path.Combine(TestPaths.RepoRoot, "Tests", "Fuzz", kind, target);

    private static List<byte[]> Files(string kind, string target) =>
        Directory.Exists(FuzzDir(kind, target)) ? Directory.GetFiles(FuzzDir(kind, target)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList() : [];

    [TestCaseSource(nameof(Targets))]
    public void SeedsRegressionsAndMutationsRaiseOnlyBadInputErrors(string target)
    {
        var run = FuzzTargets.All[target];
        var seeds = Files("corpus", target);
        Assert.That(seeds, Is.Not.Empty, $"Tests/Fuzz/corpus/{target} has seeds");
        var inputs = seeds.Concat(Files("regressions", target)).ToList();
        // A stable seed per target (string.GetHashCode is randomized per process); EDGEAE_FUZZ_SEED explores others.
        int seed = target.Aggregate(14, (h, ch) => h * 31 + ch) ^ (int.TryParse(Environment.GetEnvironmentVariable("EDGEAE_FUZZ_SEED"), out int extra) ? extra : 0);
        var rng = new Random(seed);
        var sw = Stopwatch.StartNew();
        int executed = 0;
        foreach (var input in inputs) Execute(run, target, input, ref executed);
        while (sw.Elapsed < Budget && executed < MaxMutations + inputs.Count)
            Execute(run, target, Mutate(seeds[rng.Next(seeds.Count)], seeds[rng.Next(seeds.Count)], rng), ref executed);
        TestContext.Out.WriteLine($"{target}: {executed} executions in {sw.Elapsed.TotalSeconds:0.0} s, 0 crashes");
    }

    /// <summary>
    /// An input that takes this long is a hang (an unbounded loop or allocation driven by the input).
    /// Inputs take well under a second; 20 s was once reached by a 0.3-s input on a machine loaded
    /// twenty-fold, so the bound leaves room for a busy CI host and still catches a loop.
    /// </summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private static void Execute(Action<byte[]> run, string target, byte[] input, ref int executed)
    {
        executed++;
        var sw = Stopwatch.StartNew();
        try
        {
            run(input);
            if (sw.Elapsed > Hang) throw new TimeoutException($"one input took {sw.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception e)
        {
            string saved = Path.Combine(Path.GetTempPath(), $"edgeae-fuzz-crash-{target}-{Guid.NewGuid():N}");
            File.WriteAllBytes(saved, input);
            Assert.Fail($"{target}: {e.GetType().Name}: {e.Message.Split('\n')[0]} — input saved to {saved}; add it to Tests/Fuzz/regressions/{target}/ once fixed\n{e}");
        }
    }

    /// <summary>AFL-style havoc: flips, interesting bytes, deletions, duplications, truncation, splices.</summary>
    private static byte[] Mutate(byte[] seed, byte[] other, Random rng)
    {
        var b = new List<byte>(seed);
        int rounds = 1 + rng.Next(6);
        for (int r = 0; r < rounds; r++)
        {
            int at = b.Count == 0 ? 0 : rng.Next(b.Count);
            switch (rng.Next(7))
            {
                case 0 when b.Count > 0: b[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1 when b.Count > 0: b[at] = new byte[] { 0, 0xff, 0x7f, 0x80, (byte)'\n', (byte)'"', (byte)'-', (byte)'9' }[rng.Next(8)]; break;
                case 2 when b.Count > 0: b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(16))); break;
                case 3 when b.Count > 0: b.InsertRange(at, b.GetRange(at, Math.Min(b.Count - at, 1 + rng.Next(16)))); break;
                case 4: if (b.Count > 0) b.RemoveRange(at, b.Count - at); break;
                case 5 when other.Length > 0:
                    int from = rng.Next(other.Length);
                    b.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + rng.Next(64))).ToArray());
                    break;
                default:
                    if (b.Count >= 4) { int v = rng.Next(); b[at] = (byte)v; if (at + 1 < b.Count) b[at + 1] = (byte)(v >> 8); }
                    break;
            }
        }
        return b.ToArray();
    }
}
