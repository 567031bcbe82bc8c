using EdgeAE.Benchmarks.FrontEnds;
using EdgeAE.Export.Cli;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming.FrontEnds;

namespace EdgeAE.Benchmarks.Tests;

/// <summary>
/// The front-end bench (Tests/Benchmarks/FrontEndBench, run AOT on the emulated board by front-end-bench.sh)
/// times the bundle's own front end, and its comparison of two machines' features counts every value that is
/// not bit-identical.
/// </summary>
public class FrontEndCostTests
{
    [Test]
    public async Task TheBenchRunsTheBundlesFrontEndAndComparesItsFeaturesBitForBit()
    {
        string dir = Directory.CreateTempSubdirectory("edgeae-front-end-bench-").FullName;
        var stdout = Console.Out;
        try
        {
            string csv = Path.Combine(dir, "vib.csv");
            File.WriteAllLines(csv, new[] { "x,y" }.Concat(Enumerable.Range(0, 2000).Select(t =>
                FormattableString.Invariant($"{MathF.Sin(t * 0.3f):F5},{MathF.Cos(t * 0.11f):F5}"))));
            string bundle = Path.Combine(dir, "vib.onnx");
            Console.SetOut(new StringWriter());
            int exit = await CliApp.RunAsync(["train", "--data", csv, "--arch", "dense", "--window", "128", "--epochs", "1",
                "--front-end", "spectrum:sample_rate=1000,n_fft=32,bands=linear,band_count=4", "-o", bundle]);
            Console.SetOut(stdout);
            Assert.That(exit, Is.EqualTo(0));

            var cost = FrontEndCost.Measure(bundle, windows: 3, rounds: 2, dumpDirectory: dir);
            using var b = Bundle.Load(bundle);
            var frontEnd = FrontEnd.Create(b.Manifest.FrontEnd!, b.Manifest.Window, b.Manifest.ChannelCount);
            var features = new float[frontEnd.OutputValues];
            frontEnd.Transform(FrontEndCost.SyntheticWindow(b.Manifest.Window, 2), features);
            Assert.That(cost.Values, Is.EqualTo(4 * 2));
            Assert.That(cost.Fingerprint, Is.EqualTo(FrontEndCost.FingerprintOf(features)), "the bench computes the bundle's front end");
            Assert.That(cost.MedianNanoseconds, Is.GreaterThan(0));

            Assert.That(FrontEndCost.Measure(bundle, 1, 1, referenceDirectory: dir).Difference, Is.EqualTo(new FeatureDifference(0, 0, 0)));
            features[3] = MathF.BitIncrement(features[3]);
            File.WriteAllBytes(Path.Combine(dir, "vib.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.AsSpan()).ToArray());
            var difference = FrontEndCost.Measure(bundle, 1, 1, referenceDirectory: dir).Difference!;
            Assert.That(difference.Unequal, Is.EqualTo(1), "one value one ulp off");
            Assert.That(difference.MaxRelative, Is.GreaterThan(0).And.LessThan(1.2e-7));
        }
        finally
        {
            Console.SetOut(stdout);
            Directory.Delete(dir, recursive: true);
        }
    }
}
