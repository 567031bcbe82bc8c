using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Runtime.Tests.Support;

namespace EdgeAE.Runtime.Tests.Scoring;

/// <summary>The steady-state scoring path allocates no managed memory: a board can run for months without GC pressure.</summary>
public class AllocationTests
{
    [TestCase(1, 1)]
    [TestCase(1, 8)]
    [TestCase(4, 16)]
    public void ZeroManagedBytesPerWindowInSteadyState(int hop, int batch)
    {
        var m = TestBundles.Manifest(16, 4, hop);
        m.Thresholds = new ThresholdSpec { Warning = 0.3, Alarm = 0.6, RaiseAfter = 2, ClearAfter = 2 };
        using var b = TestBundles.Load(TestBundles.Dense(m, 16));
        var sink = new Sink();
        using var scorer = new StreamingScorer(b, new ScorerOptions { MicroBatch = batch, MaxLatency = TimeSpan.FromSeconds(5) }, sink);
        var stream = new SquareWave(scorer, period: 500, nanEvery: 977);
        void Push(int n) => stream.Push(n);
        Push(2000);   // warm-up: ORT's first runs, JIT tiering
        long windowsBefore = sink.Windows;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Push(12_000 * hop);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long windows = sink.Windows - windowsBefore;
        Assert.That(windows, Is.GreaterThanOrEqualTo(10_000));
        Assert.That(sink.Events, Is.GreaterThan(4), "the detector was exercised");
        Assert.That(allocated, Is.EqualTo(0), $"{allocated} bytes over {windows} windows");
    }

    [Test]
    public void StagesChannelScoresAdaptiveThresholdAndDriftAllocateNothingPerWindow()
    {
        var m = TestBundles.Manifest(16, 4, 1);
        m.Preprocessing =
        [
            new PreprocessingStageSpec { Kind = StageKind.DetrendMedian, Horizon = 9, Channels = ["ch0"] },
            new PreprocessingStageSpec { Kind = StageKind.DetrendEma, Horizon = 50, Adapt = StageAdaptation.WhileNormal, Channels = ["ch1", "ch2"] },
            new PreprocessingStageSpec { Kind = StageKind.Difference, Warmup = 1, Channels = ["ch3"] },
            new PreprocessingStageSpec { Kind = StageKind.RollingZScore, Horizon = 100, Warmup = 20, Channels = ["ch0"] },
        ];
        m.Score = new ScoreSpec { Metric = ErrorMetric.Mse, Reduction = ScoreReduction.TopK, TopK = 2 };
        // Calibrate on the stream's own start, as commissioning would: channel fit, DSPOT start state, drift reference.
        var normal = SquareWave.Table(3000, period: 100_000);
        using (var first = TestBundles.Load(TestBundles.Dense(m, 16)))
        {
            var series = OfflineScorer.Score(first, normal, ScorerOptions.Offline with { Detect = false });
            var (score, scores) = ScoreSpecFit.Fit(m.Score, series, ChannelFitMethod.MedianIqr);
            m.Score = score;
            m.Thresholds = new ThresholdSpec
            {
                Warning = 4,
                Alarm = 6,
                RaiseAfter = 2,
                ClearAfter = 2,
                Adaptive = AdaptiveThresholdFit.Fit(scores, new AdaptiveThresholdOptions { Depth = 40, MaxPeaks = 60, RefitEvery = 2 }),
            };
            m.Drift = DriftReferenceFit.Fit(normal, new DriftOptions { Lambda = 50 });
        }
        using var b = TestBundles.Load(TestBundles.Dense(m, 16));
        var sink = new Sink();
        using var scorer = new StreamingScorer(b, new ScorerOptions { MicroBatch = 8, MaxLatency = TimeSpan.FromSeconds(5) }, sink);
        var stream = new SquareWave(scorer, period: 700, nanEvery: 977);
        stream.Push(3000);
        long refits = scorer.Detector!.Adaptive!.Refits, windowsBefore = sink.Windows, driftBefore = sink.Drift;
        long before = GC.GetAllocatedBytesForCurrentThread();
        stream.Push(12_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(sink.Windows - windowsBefore, Is.GreaterThanOrEqualTo(10_000));
        Assert.That(scorer.Detector.Adaptive.Refits, Is.GreaterThan(refits), "the tail was refitted while measuring");
        Assert.That(sink.Events, Is.GreaterThan(4), "the detector (and the while-normal stages) were exercised");
        Assert.That(sink.Drift, Is.GreaterThan(driftBefore), "the drift monitor reported while measuring");
        Assert.That(allocated, Is.EqualTo(0), $"{allocated} bytes over {sink.Windows - windowsBefore} windows");
    }

    [Test]
    public void RecoveringFromASensorFaultAllocatesNothing()
    {
        // What the device does on every sensor fault: flush, Reset (fresh window and detector), go on.
        // The ORT session, bindings and pinned buffers stay; nothing is allocated across the fault.
        var m = TestBundles.Manifest(16, 4, 1);
        m.Thresholds = new ThresholdSpec { Warning = 0.3, Alarm = 0.6, RaiseAfter = 2, ClearAfter = 2 };
        using var b = TestBundles.Load(TestBundles.Dense(m, 16));
        var sink = new Sink();
        using var scorer = new StreamingScorer(b, new ScorerOptions { MicroBatch = 4, MaxLatency = TimeSpan.FromSeconds(5) }, sink);
        var stream = new SquareWave(scorer, period: 300, nanEvery: 0);
        void Push(int n) => stream.Push(n);
        Push(2000);
        scorer.Flush();
        scorer.Reset();
        Push(500);
        scorer.Flush();
        scorer.Reset();
        long windowsBefore = sink.Windows;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int fault = 0; fault < 20; fault++)
        {
            Push(400);
            scorer.Flush();
            scorer.Reset();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(sink.Windows - windowsBefore, Is.EqualTo(20 * (400 - 16 + 1)), "each recovery restarts the window: W−1 frames of warm-up");
        Assert.That(allocated, Is.EqualTo(0), $"{allocated} bytes across 20 faults");
    }

    [Test]
    public void AnOwningScorerDisposesItsBundleABorrowingOneDoesNot()
    {
        var m = TestBundles.Manifest(4, 2);
        var borrowed = TestBundles.Load(TestBundles.Shift(m, 0.5f));
        new StreamingScorer(borrowed).Dispose();
        Assert.That(borrowed.IsDisposed, Is.False, "borrowed: still the caller's after the scorer");
        borrowed.Dispose();

        var owned = TestBundles.Load(TestBundles.Shift(m, 0.5f));
        var next = TestBundles.Load(TestBundles.Shift(m, 0.25f));
        var scorer = StreamingScorer.Owning(owned);
        scorer.SwapBundle(next);
        Assert.That(owned.IsDisposed, Is.True, "the replaced bundle is freed by the owning scorer");
        Assert.That(next.IsDisposed, Is.False);
        scorer.Dispose();
        Assert.That(next.IsDisposed, Is.True, "and the current one with the scorer");
    }

    /// <summary>Four channels whose amplitude is a square wave, so the detector raises and clears all along; a NaN now and then.</summary>
    private sealed class SquareWave(StreamingScorer scorer, int period, int nanEvery)
    {
        private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly float[] frame = new float[4];
        private long i;

        /// <summary>The same stream as a table (no NaN), e.g. to calibrate on its start.</summary>
        public static Data.SensorTable Table(int rows, int period)
        {
            var values = new float[rows * 4];
            for (long r = 0; r < rows; r++)
            {
                float amp = (r / period) % 2 == 0 ? 0.2f : 2f;
                for (int c = 0; c < 4; c++) values[r * 4 + c] = amp * (float)Math.Sin(r * 0.01 * (c + 1));
            }
            return new Data.SensorTable(["ch0", "ch1", "ch2", "ch3"], values, Enumerable.Range(0, rows).Select(r => T0.AddMilliseconds(r)).ToArray());
        }

        public void Push(int n)
        {
            for (int k = 0; k < n; k++, i++)
            {
                float amp = (i / period) % 2 == 0 ? 0.2f : 2f;
                for (int c = 0; c < 4; c++) frame[c] = amp * (float)Math.Sin(i * 0.01 * (c + 1));
                if (nanEvery > 0 && i % nanEvery == 0) frame[1] = float.NaN;
                scorer.Push(T0.AddMilliseconds(i), frame);
            }
        }
    }

    private sealed class Sink : IScoreSink
    {
        public long Windows;
        public long Events;
        public long Drift;
        public void OnWindow(in WindowScore score) => Windows++;
        public void OnEvent(in DetectorEvent e) => Events++;
        public void OnDrift(in DriftEvent e) => Drift++;
    }
}
