using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Runtime.Streaming;
using EdgeAE.Runtime.Tests.Support;

namespace EdgeAE.Runtime.Tests.FrontEnds;

/// <summary>A front end inside the scoring chain: same numbers on every path, no allocation per window.</summary>
public class FrontEndScoringTests
{
    private static BundleManifest Audio(int hop = 512)
    {
        var m = TestBundles.Manifest(window: 3072, channels: 1, hop: hop);
        m.Channels = ["mic"];
        m.FrontEnd = FrontEndSpecs.Dcase();
        m.Normalization = new NormalizationSpec { Kind = NormalizationKind.ZScore, Offset = [0.01f], Scale = [0.5f] };
        m.Preprocessing = [new PreprocessingStageSpec { Kind = StageKind.Difference }];
        return m;
    }

    private static BundleManifest Vibration()
    {
        var m = TestBundles.Manifest(window: 512, channels: 3, hop: 128, layout: TensorLayout.Flat);
        m.FrontEnd = FrontEndSpecs.Spectrum(3200, 128, 64, SpectrumBands.Linear, WindowFunction.Hann, log: true, bandCount: 16);
        return m;
    }

    private static SensorTable Sound(int rows, int seed)
    {
        var rng = new Random(seed);
        var values = new float[rows];
        for (int i = 0; i < rows; i++)
            values[i] = (float)(0.4 * Math.Sin(2 * Math.PI * 440 * i / 16000) * (1 + 0.5 * Math.Sin(i / 4000.0)) + 0.05 * (rng.NextDouble() - 0.5));
        return new SensorTable(["mic"], values, null, null, "tone+noise");
    }

    [Test]
    public void TheModelInputIsTheFrontEndOfTheNormalizedPreprocessedWindow()
    {
        // Order: per-frame stages → normalization → window → front end → model.
        var m = Audio();
        var table = Sound(3072 + 512 * 3, 1);
        var (inputs, ends) = WindowExtractor.Extract(table, m);
        Assert.That(ends, Is.EqualTo(new[] { 3071, 3583, 4095, 4607 }), "the first window after W frames, then every hop");
        var raw = table.Values;
        var staged = new float[raw.Length];
        for (int i = 1; i < raw.Length; i++) staged[i] = (raw[i] - raw[i - 1] - 0.01f) * (1f / 0.5f);
        staged[0] = (0 - 0.01f) * (1f / 0.5f);
        var fe = EdgeAE.Runtime.Streaming.FrontEnds.FrontEnd.Create(m.FrontEnd!, 3072, 1);
        var expected = new float[640];
        fe.Transform(staged.AsSpan(ends[1] - 3071, 3072), expected);
        Assert.That(inputs.AsSpan(640, 640).ToArray(), Is.EqualTo(expected));
    }

    [TestCase(1)]
    [TestCase(7)]
    public void StreamingMicroBatchedAndOfflineScoresAreBitIdentical(int batch)
    {
        var m = Vibration();
        m.Thresholds = new ThresholdSpec { Warning = 1, Alarm = 2, RaiseAfter = 1, ClearAfter = 1 };
        using var bundle = TestBundles.Load(TestBundles.Dense(m, 16));
        var rng = new Random(2);
        int rows = 6000;
        var values = new float[rows * 3];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(Math.Sin(i * 0.37) + 0.2 * (rng.NextDouble() - 0.5));
        var table = new SensorTable(["ch0", "ch1", "ch2"], values, null, null, "vibration");
        var offline = OfflineScorer.Score(bundle, table);
        var sink = new Scores();
        using (var scorer = new StreamingScorer(bundle, new ScorerOptions { MicroBatch = batch, MaxLatency = TimeSpan.MaxValue }, sink))
        {
            var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (int r = 0; r < rows; r++) scorer.Push(t0.AddTicks(r * 3125), table.Row(r));
            scorer.Flush();
        }
        Assert.That(offline.Scores, Has.Length.EqualTo(WindowExtractor.ExpectedWindows(rows, 512, 128)));
        Assert.That(sink.Values, Is.EqualTo(offline.Scores), "bit-identical");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ZeroManagedBytesPerWindowWithAFrontEnd(bool logmel)
    {
        var m = logmel ? Audio() : Vibration();
        m.Thresholds = new ThresholdSpec { Warning = 1e9, Alarm = 2e9, RaiseAfter = 1, ClearAfter = 1 };
        using var bundle = TestBundles.Load(TestBundles.Dense(m, 16));
        var sink = new Scores(record: false);
        using var scorer = new StreamingScorer(bundle, new ScorerOptions { MicroBatch = 4, MaxLatency = TimeSpan.FromSeconds(1) }, sink);
        int channels = m.ChannelCount;
        var frame = new float[channels];
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        long i = 0;
        void Push(int n)
        {
            for (int k = 0; k < n; k++, i++)
            {
                for (int c = 0; c < channels; c++) frame[c] = (float)Math.Sin(i * 0.05 * (c + 1));
                scorer.Push(t0.AddTicks(i * 625), frame);
            }
        }
        Push(m.Window * 4);
        long windowsBefore = sink.Count;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Push(m.Hop * 400);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(sink.Count - windowsBefore, Is.GreaterThanOrEqualTo(396));
        Assert.That(allocated, Is.EqualTo(0), $"{allocated} bytes over {sink.Count - windowsBefore} windows");
    }

    private sealed class Scores(bool record = true) : IScoreSink
    {
        public List<float> Values { get; } = [];
        public long Count;

        public void OnWindow(in WindowScore score)
        {
            Count++;
            if (record) Values.Add(score.Score);
        }

        public void OnEvent(in DetectorEvent e) { }
    }
}
