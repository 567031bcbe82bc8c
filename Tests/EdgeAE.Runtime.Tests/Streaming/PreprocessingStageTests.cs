using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Streaming;
using EdgeAE.Runtime.Streaming.Preprocessing;
using EdgeAE.Runtime.Tests.Support;

namespace EdgeAE.Runtime.Tests.Streaming;

/// <summary>Each stage against sequences computed by hand from its documented recurrence.</summary>
public class PreprocessingStageTests
{
    private static readonly string[] One = ["x"];

    private static float[] Run(PreprocessingStageSpec spec, float[] xs, bool[]? normal = null)
    {
        var chain = new PreprocessingChain([spec], One);
        var y = new float[xs.Length];
        var frame = new float[1];
        for (int i = 0; i < xs.Length; i++)
        {
            frame[0] = xs[i];
            chain.Apply(frame, normal?[i] ?? true);
            y[i] = frame[0];
        }
        return y;
    }

    [Test]
    public void DifferenceSubtractsThePreviousFrame()
    {
        var y = Run(new PreprocessingStageSpec { Kind = StageKind.Difference }, [3, 5, 4, 4, 10]);
        Assert.That(y, Is.EqualTo(new float[] { 0, 2, -1, 0, 6 }));
    }

    [Test]
    public void EmaDetrendIsTheRunningMeanForHFramesThenAnEma()
    {
        // H = 2: baseline after update n is the mean for n ≤ 2, then b += (x − b)/2.
        // x:        4    8    6    10    2
        // b before: -    4    6    6     8      (4; mean(4,8)=6; 6+(6-6)/2=6; 6+(10-6)/2=8)
        // y = x − b before: 0, 4, 0, 4, −6
        var y = Run(new PreprocessingStageSpec { Kind = StageKind.DetrendEma, Horizon = 2 }, [4, 8, 6, 10, 2]);
        Assert.That(y, Is.EqualTo(new float[] { 0, 4, 0, 4, -6 }));
    }

    [Test]
    public void WhileNormalStageHoldsItsBaselineDuringAnEpisode()
    {
        // Same stream; frames 3 and 4 arrive while the detector is above Normal: b stays 6.
        var spec = new PreprocessingStageSpec { Kind = StageKind.DetrendEma, Horizon = 2, Adapt = StageAdaptation.WhileNormal };
        var y = Run(spec, [4, 8, 6, 10, 2], [true, true, true, false, false]);
        Assert.That(y, Is.EqualTo(new float[] { 0, 4, 0, 4, -4 }));
        // An "always" stage ignores the detector.
        var always = Run(new PreprocessingStageSpec { Kind = StageKind.DetrendEma, Horizon = 2 }, [4, 8, 6, 10, 2], [true, true, true, false, false]);
        Assert.That(always[4], Is.EqualTo(-6f));
    }

    [Test]
    public void MedianDetrendUsesTheMedianOfThePreviousHFrames()
    {
        // H = 3. Medians of the previous frames: -, [1]→1, [1,9]→5, [1,9,2]→2, [9,2,3]→3, [2,3,100]→3
        var y = Run(new PreprocessingStageSpec { Kind = StageKind.DetrendMedian, Horizon = 3 }, [1, 9, 2, 3, 100, 4]);
        Assert.That(y, Is.EqualTo(new float[] { 0, 8, -3, 1, 97, 1 }));
    }

    [Test]
    public void MedianDetrendMatchesABruteForceMedianOnALongStream()
    {
        var rng = new Random(5);
        var xs = Enumerable.Range(0, 2000).Select(_ => (float)Math.Round(rng.NextDouble() * 20, 1)).ToArray();   // many ties
        const int h = 17;
        var y = Run(new PreprocessingStageSpec { Kind = StageKind.DetrendMedian, Horizon = h }, xs);
        for (int i = 1; i < xs.Length; i++)
        {
            var past = xs[Math.Max(0, i - h)..i].OrderBy(v => v).ToArray();
            double median = past.Length % 2 == 1 ? past[past.Length / 2] : 0.5 * ((double)past[past.Length / 2 - 1] + past[past.Length / 2]);
            Assert.That(y[i], Is.EqualTo((float)(xs[i] - median)), $"frame {i}");
        }
    }

    [Test]
    public void RollingZScoreUsesWelfordForHFramesThenEwStatistics()
    {
        // H = 3, x = 1, 3, 5, 5, 11.
        // After 1: m=1 v=0. After 3: α=1/2, d=2, m=2, v=(1/2)(0+1/2·4)=1. After 5: α=1/3, d=3, m=3, v=(2/3)(1+1/3·9)=8/3.
        // After 5 (α = 1/3 floor): d=2, m=11/3, v=(2/3)(8/3+4/3)=8/3.
        // Outputs: 0 (n=0), 0 (n=1), (5−2)/1 = 3, (5−3)/√(8/3), (11−11/3)/√(8/3).
        var y = Run(new PreprocessingStageSpec { Kind = StageKind.RollingZScore, Horizon = 3 }, [1, 3, 5, 5, 11]);
        Assert.That(y[0], Is.EqualTo(0f));
        Assert.That(y[1], Is.EqualTo(0f));
        Assert.That(y[2], Is.EqualTo(3f).Within(1e-6));
        Assert.That(y[3], Is.EqualTo((float)(2 / Math.Sqrt(8.0 / 3))).Within(1e-6));
        Assert.That(y[4], Is.EqualTo((float)((11 - 11.0 / 3) / Math.Sqrt(8.0 / 3))).Within(1e-5));
    }

    [Test]
    public void StagesApplyOnlyToTheirChannelsAndInOrder()
    {
        var chain = new PreprocessingChain(
        [
            new PreprocessingStageSpec { Kind = StageKind.Difference, Channels = ["b"] },
            new PreprocessingStageSpec { Kind = StageKind.DetrendEma, Horizon = 1, Channels = ["b", "c"] },
        ], ["a", "b", "c"]);
        float[][] frames = [[1, 10, 5], [2, 13, 7], [3, 19, 6]];
        var out_ = frames.Select(f => { var v = f.ToArray(); chain.Apply(v); return v; }).ToArray();
        // a passes through; b: differences 0, 3, 6 then EMA(H=1: b = previous value) detrend 0, 3, 3;
        // c: detrend with H=1 against the previous frame: 0, 2, −1.
        Assert.That(out_[0], Is.EqualTo(new float[] { 1, 0, 0 }));
        Assert.That(out_[1], Is.EqualTo(new float[] { 2, 3, 2 }));
        Assert.That(out_[2], Is.EqualTo(new float[] { 3, 3, -1 }));
    }

    [Test]
    public void AnUnknownChannelIsABundleErrorNamingTheField()
    {
        var e = Assert.Throws<BundleException>(() => new PreprocessingChain([new PreprocessingStageSpec { Kind = StageKind.Difference, Channels = ["nope"] }], ["a"]));
        Assert.That(e!.Field, Is.EqualTo("preprocessing[0].channels[0]"));
    }

    [Test]
    public void NoWindowContainsWarmupFrames()
    {
        var m = TestBundles.Manifest(3, 1);
        m.Channels = ["x"];
        m.Preprocessing = [new PreprocessingStageSpec { Kind = StageKind.Difference, Warmup = 4 }];
        var a = new WindowAssembler(m);
        var ends = new List<long>();
        for (int i = 0; i < 10; i++)
            if (a.Push(DateTime.UnixEpoch.AddSeconds(i), [i * i]) == PushResult.WindowReady) ends.Add(a.WindowEndFrame);
        // Warm-up 4 frames (0–3), the first window is frames 4–6.
        Assert.That(ends, Is.EqualTo(new long[] { 6, 7, 8, 9 }));
        Assert.That(WindowExtractor.ExpectedWindows(10, 3, 1, 4), Is.EqualTo(4));
        Assert.That(a.CurrentWindow.ToArray(), Is.EqualTo(new float[] { 13, 15, 17 }), "differences of i², 2i − 1, at frames 7–9");
    }

    [Test]
    public void TheOfflineTransformEqualsTheStreamingAssembler()
    {
        var rng = new Random(2);
        int rows = 300;
        var values = new float[rows * 2];
        for (int r = 0; r < rows; r++)
        {
            values[r * 2] = (float)(0.01 * r + rng.NextDouble());
            values[r * 2 + 1] = r == 50 ? float.NaN : (float)Math.Sin(r * 0.1);
        }
        var table = new SensorTable(["a", "b"], values);
        PreprocessingStageSpec[] stages =
        [
            new() { Kind = StageKind.DetrendMedian, Horizon = 9, Warmup = 20 },
            new() { Kind = StageKind.RollingZScore, Horizon = 30, Channels = ["a"] },
        ];
        var staged = PreprocessingTransform.Apply(table, stages);
        var m = TestBundles.Manifest(5, 2);
        m.Channels = ["a", "b"];
        m.Preprocessing = stages;
        var plain = TestBundles.Manifest(5, 2);
        plain.Channels = ["a", "b"];
        var (streamed, streamedEnds) = WindowExtractor.Extract(table, m);
        var (offline, offlineEnds) = WindowExtractor.Extract(staged, plain);
        Assert.That(offlineEnds, Is.EqualTo(streamedEnds));
        Assert.That(offline, Is.EqualTo(streamed), "fitting on the transformed table sees exactly what the device's windows hold");
        Assert.That(float.IsNaN(staged.Values[19 * 2]), Is.True, "warm-up rows are NaN");
    }
}
