using CsCheck;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming;
using EdgeAE.Runtime.Tests.Support;

namespace EdgeAE.Runtime.Tests.Properties;

/// <summary>
/// Properties of the window assembler over random window, hop, channel count, stream length and
/// positions of NaN frames, checked against a plain list of the frames it should have accepted.
/// </summary>
public class WindowAssemblerProperties
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>(window, hop, channels, frames, seed, nanPercent).</summary>
    private static readonly Gen<(int, int, int, int, int, int)> Streams =
        Gen.Select(Gen.Int[1, 24], Gen.Int[1, 30], Gen.Int[1, 4], Gen.Int[0, 300], Gen.Int, Gen.Int[0, 40]);

    private static float[] Frame(Random rng, int channels, bool nan)
    {
        var f = new float[channels];
        for (int c = 0; c < channels; c++) f[c] = (float)(rng.NextDouble() * 10 - 5);
        if (nan) f[rng.Next(channels)] = rng.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
        return f;
    }

    [Test]
    public void RejectPolicyWindowsAreTheLastWAcceptedFramesEveryHop() => Streams.Sample((w, h, c, n, seed, nanPct) =>
    {
        var a = new WindowAssembler(TestBundles.Manifest(w, c, h));
        var rng = new Random(seed);
        var accepted = new List<float[]>();
        int windows = 0;
        for (int i = 0; i < n; i++)
        {
            bool nan = rng.Next(100) < nanPct;
            var f = Frame(rng, c, nan);
            var result = a.Push(T0.AddSeconds(i), f);
            if (nan)
            {
                Assert.That(result, Is.EqualTo(PushResult.RejectedNonFinite));
                continue;
            }
            accepted.Add(f);
            bool due = accepted.Count >= w && (accepted.Count - w) % h == 0;
            Assert.That(result == PushResult.WindowReady, Is.EqualTo(due), $"frame {i}: {accepted.Count} accepted, W={w}, H={h}");
            if (!due) continue;
            windows++;
            // No normalization in the manifest: the window is the raw frames, time-major.
            var expected = accepted.Skip(accepted.Count - w).SelectMany(x => x).ToArray();
            Assert.That(a.CurrentWindow.ToArray(), Is.EqualTo(expected));
            Assert.That(a.WindowEndFrame, Is.EqualTo(accepted.Count - 1));
        }
        Assert.That(windows, Is.EqualTo(WindowExtractor.ExpectedWindows(accepted.Count, w, h)));
        Assert.That(a.FramesRejected + a.FramesAccepted, Is.EqualTo(n));
    }, iter: 300, threads: 1);

    [Test]
    public void HoldLastRepairsEachBadValueWithTheChannelsLastGoodOne() => Streams.Sample((w, h, c, n, seed, nanPct) =>
    {
        var a = new WindowAssembler(TestBundles.Manifest(w, c, h), BadSamplePolicy.HoldLast);
        var rng = new Random(seed);
        float[]? lastGood = null;
        var taken = new List<float[]>();
        for (int i = 0; i < n; i++)
        {
            var f = Frame(rng, c, rng.Next(100) < nanPct);
            var result = a.Push(T0.AddSeconds(i), f);
            bool bad = f.Any(v => !float.IsFinite(v));
            if (bad && lastGood is null)
            {
                Assert.That(result, Is.EqualTo(PushResult.RejectedNonFinite), "nothing to hold yet");
                continue;
            }
            var clean = f.Select((v, ch) => float.IsFinite(v) ? v : lastGood![ch]).ToArray();
            lastGood = clean;
            taken.Add(clean);
            if (result == PushResult.WindowReady)
                Assert.That(a.CurrentWindow.ToArray(), Is.EqualTo(taken.Skip(taken.Count - w).SelectMany(x => x).ToArray()));
        }
        Assert.That(a.FramesAccepted, Is.EqualTo(taken.Count));
    }, iter: 300, threads: 1);

    [Test]
    public void ResetStartsAFreshStreamThatMatchesANewAssembler() => Gen.Select(Streams, Gen.Int[0, 300]).Sample(t =>
    {
        var ((w, h, c, n, seed, _), cut) = t;
        var reused = new WindowAssembler(TestBundles.Manifest(w, c, h));
        var rng = new Random(seed);
        for (int i = 0; i < Math.Min(cut, n); i++) reused.Push(T0.AddSeconds(i), Frame(rng, c, false));
        reused.Reset();
        var fresh = new WindowAssembler(TestBundles.Manifest(w, c, h));
        for (int i = 0; i < n; i++)
        {
            var f = Frame(rng, c, false);
            var r1 = reused.Push(T0.AddSeconds(i), f);
            var r2 = fresh.Push(T0.AddSeconds(i), f);
            Assert.That(r1, Is.EqualTo(r2));
            if (r1 == PushResult.WindowReady) Assert.That(reused.CurrentWindow.ToArray(), Is.EqualTo(fresh.CurrentWindow.ToArray()));
        }
    }, iter: 200, threads: 1);
}
