using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Runtime.Tests.Support;

namespace EdgeAE.Runtime.Tests.Scoring;

public class ScoringTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static SensorTable Noise(int rows, int channels, int seed)
    {
        var rng = new Random(seed);
        var v = new float[rows * channels];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 4 - 2);
        return new SensorTable(Enumerable.Range(0, channels).Select(c => $"ch{c}").ToArray(), v,
            Enumerable.Range(0, rows).Select(r => T0.AddSeconds(r)).ToArray());
    }

    [TestCase(ErrorMetric.Mse, ScoreReduction.Mean, 0.25f)]
    [TestCase(ErrorMetric.Mae, ScoreReduction.Mean, 0.5f)]
    [TestCase(ErrorMetric.Mse, ScoreReduction.ChannelSum, 0.75f)]
    [TestCase(ErrorMetric.Mae, ScoreReduction.ChannelSum, 1.5f)]
    public void ConstantErrorGivesTheClosedFormScore(ErrorMetric metric, ScoreReduction reduction, float expected)
    {
        var m = TestBundles.Manifest(4, 3, layout: TensorLayout.Nwc);
        m.Score = new ScoreSpec { Metric = metric, Reduction = reduction };
        using var b = TestBundles.Load(TestBundles.Shift(m, -0.5f));
        var s = OfflineScorer.Score(b, Noise(10, 3, 1));
        Assert.That(s.Count, Is.EqualTo(7));
        Assert.That(s.Scores, Has.All.EqualTo(expected).Within(1e-6));
        Assert.That(s.Contributions, Has.All.EqualTo(1f / 3).Within(1e-6));
        Assert.That(s.EndRows, Is.EqualTo(Enumerable.Range(3, 7).ToArray()));
    }

    [Test]
    public void PcaAutoencoderScoresEqualTheHandComputedProjectionResidual()
    {
        // Windows of 4 samples × 3 channels from two latent sinusoids plus small noise; the linear
        // AE projects onto the top-2 principal directions of the training windows.
        const int W = 4, C = 3, N = W * C;
        var rng = new Random(7);
        int rows = 400;
        var values = new float[rows * C];
        for (int r = 0; r < rows; r++)
        {
            double a = Math.Sin(r * 0.3), b = Math.Cos(r * 0.11);
            values[r * C + 0] = (float)(a + 0.5 * b + 0.05 * (rng.NextDouble() - 0.5));
            values[r * C + 1] = (float)(-a + b + 0.05 * (rng.NextDouble() - 0.5));
            values[r * C + 2] = (float)(2 * b + 0.05 * (rng.NextDouble() - 0.5));
        }
        var m = TestBundles.Manifest(W, C);
        var table = new SensorTable(m.Channels, values);
        var (windows, _) = EdgeAE.Runtime.Streaming.WindowExtractor.Extract(table, m);
        int count = windows.Length / N;
        var cov = new double[N, N];
        for (int w = 0; w < count; w++)
            for (int i = 0; i < N; i++)
                for (int j = 0; j < N; j++)
                    cov[i, j] += windows[w * N + i] * (double)windows[w * N + j] / count;
        var (eigen, vectors) = Linear.SymmetricEigen(cov);
        Assert.That(eigen[0], Is.GreaterThan(eigen[5] * 10), "synthetic data is low-rank as intended");
        var basis = Linear.Columns(vectors, 2);

        using var bundle = TestBundles.Load(TestBundles.Linear(m, basis));
        var series = OfflineScorer.Score(bundle, table);
        Assert.That(series.Count, Is.EqualTo(count));
        for (int w = 0; w < count; w++)
        {
            var x = windows.AsSpan(w * N, N);
            var coef = new double[2];
            for (int k = 0; k < 2; k++) for (int i = 0; i < N; i++) coef[k] += x[i] * basis[i, k];
            double sse = 0;
            for (int i = 0; i < N; i++)
            {
                double y = coef[0] * basis[i, 0] + coef[1] * basis[i, 1];
                sse += (x[i] - y) * (x[i] - y);
            }
            Assert.That(series.Scores[w], Is.EqualTo(sse / N).Within(1e-5 + 1e-3 * sse / N), $"window {w}");
        }
    }

    [TestCase(2)]
    [TestCase(7)]
    [TestCase(32)]
    public void MicroBatchedScoresEqualBatchOneExactly(int batch)
    {
        var m = TestBundles.Manifest(16, 4);
        using var b = TestBundles.Load(TestBundles.Dense(m, 32));
        var table = Noise(300, 4, 3);
        var one = OfflineScorer.Score(b, table, ScorerOptions.Offline with { MicroBatch = 1 });
        var many = OfflineScorer.Score(b, table, ScorerOptions.Offline with { MicroBatch = batch });
        Assert.That(many.Count, Is.EqualTo(one.Count));
        Assert.That(many.RawScores, Is.EqualTo(one.RawScores), "bit-identical scores");
        Assert.That(many.Contributions, Is.EqualTo(one.Contributions));
    }

    [Test]
    public void LatencyBoundRunsAPartialBatchInTime()
    {
        var m = TestBundles.Manifest(4, 2);
        using var b = TestBundles.Load(TestBundles.Shift(m, 0.1f));
        var sink = new CountingSink();
        using var scorer = new StreamingScorer(b, new ScorerOptions { MicroBatch = 16, MaxLatency = TimeSpan.FromSeconds(3) }, sink);
        for (int i = 0; i < 4; i++) scorer.Push(T0.AddSeconds(i), [1, 2]);
        Assert.That(scorer.PendingWindows, Is.EqualTo(1));
        scorer.Push(T0.AddSeconds(4), [1, 2]);
        scorer.Push(T0.AddSeconds(5), [1, 2]);
        Assert.That(sink.Windows, Is.EqualTo(0));
        scorer.Push(T0.AddSeconds(6), [1, 2]);   // first pending window ended at t=3: 3 s waited
        Assert.That(sink.Windows, Is.EqualTo(4));
        Assert.That(scorer.PendingWindows, Is.EqualTo(0));
    }

    [Test]
    public void SmoothingFollowsTheExponentialRecurrence()
    {
        // The projection keeps the window's first value, so the raw score (x_last)²/2 follows the input:
        // a constant error (as a shift model gives) would pass for any smoothing factor.
        float[] xs = [0, 2, 0, 0, 4, 4, 1, 0, 3, 0, 0, 5];
        var table = new SensorTable(["ch0"], xs);
        float[] Scores(double alpha)
        {
            var m = TestBundles.Manifest(2, 1);
            m.Score.SmoothingAlpha = alpha;
            using var b = TestBundles.Load(TestBundles.Linear(m, new double[,] { { 1 }, { 0 } }));
            return OfflineScorer.Score(b, table).Scores;
        }
        const double alpha = 0.3;
        float[] raw = Scores(1), smoothed = Scores(alpha);
        Assert.That(raw.Distinct().Count(), Is.GreaterThan(3), "the raw scores vary, so the smoothing has work to do");

        var expected = new float[raw.Length];
        double s = raw[0];                       // the first window starts the recurrence
        expected[0] = raw[0];
        for (int t = 1; t < raw.Length; t++)
        {
            s = alpha * raw[t] + (1 - alpha) * s;
            expected[t] = (float)s;
        }
        Assert.That(smoothed, Is.EqualTo(expected).Within(1e-6), "s_t = α·r_t + (1 − α)·s_(t−1), s_0 = r_0");
        Assert.That(smoothed, Is.Not.EqualTo(Scores(0.6)), "a different α gives different scores");
    }

    [Test]
    public void DetectorEventsFlowThroughTheScorer()
    {
        var m = TestBundles.Manifest(2, 1);
        m.Thresholds = new ThresholdSpec { Warning = 0.5, Alarm = 2, RaiseAfter = 2, ClearAfter = 2 };
        using var b = TestBundles.Load(TestBundles.Linear(m, new double[,] { { 1 }, { 0 } }));
        // Projection keeps the first value of the window, so the score is (x_last)²/2.
        float[] xs = [0, 0, 0, 1.5f, 1.5f, 1.5f, 3, 3, 0, 0, 0];
        var table = new SensorTable(["ch0"], xs, Enumerable.Range(0, xs.Length).Select(i => T0.AddSeconds(i)).ToArray());
        var s = OfflineScorer.Score(b, table);
        Assert.That(s.Events.Select(e => (e.Kind, e.Level)), Is.EqualTo(new[]
        {
            (DetectorEventKind.Raised, AlertLevel.Warning),
            (DetectorEventKind.Escalated, AlertLevel.Alarm),
            (DetectorEventKind.Cleared, AlertLevel.Normal),
        }));
    }

    [Test]
    public void NanFramesNeverProduceNanScores()
    {
        var m = TestBundles.Manifest(3, 2);
        using var b = TestBundles.Load(TestBundles.Dense(m, 8));
        var table = Noise(50, 2, 5);
        table.Values[20] = float.NaN;
        table.Values[41] = float.PositiveInfinity;
        var rejected = OfflineScorer.Score(b, table);
        Assert.That(rejected.FramesRejected, Is.EqualTo(2));
        Assert.That(rejected.Scores, Has.All.Matches<float>(float.IsFinite));
        Assert.That(rejected.EndRows, Does.Not.Contain(10).And.Not.Contain(20), "rejected rows end no window");
        var held = OfflineScorer.Score(b, table, ScorerOptions.Offline with { BadSamples = EdgeAE.Runtime.Streaming.BadSamplePolicy.HoldLast });
        Assert.That(held.FramesRejected, Is.EqualTo(0));
        Assert.That(held.Count, Is.EqualTo(48));
        Assert.That(held.Scores, Has.All.Matches<float>(float.IsFinite));
    }

    private sealed class CountingSink : IScoreSink
    {
        public int Windows;
        public int Events;
        public void OnWindow(in WindowScore score) => Windows++;
        public void OnEvent(in DetectorEvent e) => Events++;
    }
}
