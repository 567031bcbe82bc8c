using EdgeAE.Runtime.Bundles;
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
        var frame = new float[4];
        var rng = new Random(1);
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        long i = 0;
        void Push(int n)
        {
            for (int k = 0; k < n; k++, i++)
            {
                // A square wave in amplitude so the detector raises and clears all along.
                float amp = (i / 500) % 2 == 0 ? 0.2f : 2f;
                for (int c = 0; c < 4; c++) frame[c] = amp * (float)Math.Sin(i * 0.01 * (c + 1));
                if (i % 977 == 0) frame[1] = float.NaN;
                scorer.Push(t.AddMilliseconds(i), frame);
            }
        }
        Push(2000);   // warm-up: ORT's first runs, JIT tiering
        long windowsBefore = sink.Windows;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Push(12_000 * hop);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long windows = sink.Windows - windowsBefore;
        Assert.That(windows, Is.GreaterThanOrEqualTo(10_000));
        Assert.That(sink.Events, Is.GreaterThan(4), "the detector was exercised");
        Assert.That(allocated, Is.EqualTo(0), $"{allocated} bytes over {windows} windows");
        _ = rng;
    }

    private sealed class Sink : IScoreSink
    {
        public long Windows;
        public long Events;
        public void OnWindow(in WindowScore score) => Windows++;
        public void OnEvent(in DetectorEvent e) => Events++;
    }
}
