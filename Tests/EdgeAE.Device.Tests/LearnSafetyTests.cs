using EdgeAE.Device.Learning;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Learning;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Device.Tests;

/// <summary>
/// What a training on the board must never do: run past its memory cap, lose the recording when the
/// daemon stops half-way, or slow down or allocate on the scoring thread of the model guarding the machine.
/// </summary>
public class LearnSafetyTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("learn-safety");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private string LearnDir => Path.Combine(dir, "learn");

    [Test]
    public void ARecordingOverTheMemoryCapIsRefusedBeforeTraining()
    {
        var skab = LearnSetup.Skab();
        var o = LearnSetup.Options(dir, skab, rows: 2000, OnBoardLearningTests.SmallRecipe());
        o.Model.Learn.MaxTrainingMemoryBytes = 1024 * 1024;
        LearnSetup.Record(LearnDir, skab, 2000, o.Model.Learn.Recipe);
        using var h = new DeviceHarness(o);
        var learner = h.Components.Learner!;
        int epochs = 0;
        learner.EpochObserver = _ => epochs++;
        learner.Start();
        LearnSetup.WaitUntil(() => learner.State != "training", "the refusal", TimeSpan.FromSeconds(20));
        Assert.That(learner.State, Is.EqualTo("refused"));
        Assert.That(epochs, Is.Zero, "refused before the first epoch");
        Assert.That(LearnSetup.Message(h, "learn-refused"), Does.Match(@"^training 2000 rows would need about \d+ MiB, over Model:Learn:MaxTrainingMemoryBytes \(1 MiB\)"));
        Assert.That(RecordingReader.Read(LearnDir).Table.Rows, Is.EqualTo(2000), "the recording is kept");
    }

    /// <summary>
    /// The estimate against what a learn held: the default recipe on 1,000 and 9,405 rows of SKAB grew
    /// the managed heap by 20 and 82 MiB (x64; the emulated A53 alike, BENCHMARKS.md "On-board
    /// learning, sixth session"). An estimate below that lets the board start a training the OOM
    /// killer ends before the per-epoch check can.
    /// </summary>
    [TestCase(1000, 20)]
    [TestCase(9405, 82)]
    public void TheMemoryEstimateCoversWhatALearnHeld(int rows, int measuredMiB)
    {
        var recipe = new LearnSettings();
        long estimate = LearnMemory.Estimate(rows, 8, recipe.Window, recipe.Hop, recipe.BatchSize);
        Assert.That(estimate / 1048576.0, Is.GreaterThanOrEqualTo(measuredMiB));
        Assert.That(estimate / 1048576.0, Is.LessThan(measuredMiB * 2), "and not so far above it that it refuses what fits");
    }

    [Test]
    public void ATrainingWhoseHeapGrowsPastTheCapIsAbortedWithOneLine()
    {
        var skab = LearnSetup.Skab();
        var recipe = OnBoardLearningTests.SmallRecipe();
        recipe.Epochs = 4;
        var o = LearnSetup.Options(dir, skab, rows: 2000, recipe);
        // Above the estimate (about 20 MiB for this recording), so training starts.
        o.Model.Learn.MaxTrainingMemoryBytes = 40L * 1024 * 1024;
        LearnSetup.Record(LearnDir, skab, 2000, recipe);
        using var h = new DeviceHarness(o);
        var learner = h.Components.Learner!;
        byte[]? ballast = null;
        int lastEpoch = 0;
        // What an estimate can miss, made real: the training thread holds 64 MiB more after its first epoch.
        learner.EpochObserver = r =>
        {
            lastEpoch = r.Epoch;
            ballast ??= GC.AllocateArray<byte>(64 * 1024 * 1024);
            ballast[^1] = 1;
        };
        learner.Start();
        LearnSetup.WaitUntil(() => learner.State != "training", "the abort", TimeSpan.FromSeconds(30));
        Assert.That(learner.State, Is.EqualTo("refused"));
        Assert.That(lastEpoch, Is.EqualTo(1), "stopped at the first epoch over the cap");
        string line = LearnSetup.Message(h, "learn-aborted");
        Assert.That(line, Does.Match(@"^training aborted after epoch 1: it holds \d+ MiB, over Model:Learn:MaxTrainingMemoryBytes \(40 MiB\)"));
        Assert.That(line, Does.Not.Contain("\n"));
        Assert.That(LearnSetup.Kinds(h), Does.Not.Contain("learn-written"));
        Assert.That(File.ReadAllText(Path.Combine(LearnDir, OnBoardLearner.RefusedMarker)).Trim(), Is.EqualTo(line));
        Assert.That(RecordingReader.Read(LearnDir).Table.Rows, Is.EqualTo(2000), "the recording is kept");
        GC.KeepAlive(ballast);
    }

    [Test]
    public void AStopDuringTrainingKeepsTheRecordingAndTheNextStartTrainsItToTheSameBundle()
    {
        var skab = LearnSetup.Skab();
        var o = LearnSetup.Options(dir, skab, rows: 4000, OnBoardLearningTests.SmallRecipe());
        LearnSetup.Record(LearnDir, skab, 4000, o.Model.Learn.Recipe);
        string sha = RecordingReader.Read(LearnDir).Sha256;
        using (var h = new DeviceHarness(o))
        {
            var learner = h.Components.Learner!;
            Assert.That(learner.State, Is.EqualTo("training"), "a complete recording trains at once");
            using var atFirstEpoch = new ManualResetEventSlim();
            learner.EpochObserver = r =>
            {
                if (r.Epoch != 1) return;
                atFirstEpoch.Set();
                learner.Stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));   // mid-training until the stop arrives
            };
            learner.Start();
            Assert.That(atFirstEpoch.Wait(TimeSpan.FromSeconds(30)), "training reached its first epoch");
            h.Dispose();   // the daemon stops: components, learner, recording writer
            Assert.That(learner.State, Is.EqualTo("training"));
            Assert.That(LearnSetup.Kinds(h), Does.Contain("learn-training").And.No.Contains("learn-written"));
        }
        Assert.That(File.Exists(Path.Combine(LearnDir, OnBoardLearner.DoneMarker)) || File.Exists(Path.Combine(LearnDir, OnBoardLearner.RefusedMarker)), Is.False);
        Assert.That(RecordingReader.Read(LearnDir).Sha256, Is.EqualTo(sha), "the recording is intact");

        using var again = new DeviceHarness(o);
        var next = again.Components.Learner!;
        Assert.That(next.State, Is.EqualTo("training"), "the next start trains the kept recording again");
        next.Start();
        LearnSetup.WaitUntil(() => next.State != "training", "the restarted training", TimeSpan.FromSeconds(60));
        Assert.That(next.State, Is.EqualTo("learned"), string.Join("\n", again.Journal().Select(e => e.ToString())));
        Assert.That(LearnSetup.Message(again, "learn-started"), Does.StartWith("continuing the recording").And.Contain("4000/4000 rows"));
        // Restarting from the recording (no checkpoint) loses nothing: it is the bundle an uninterrupted run gives.
        Assert.That(next.LearnedGraphSha256, Is.EqualTo(LearnRecipe.Run(LearnDir).GraphSha256));
    }

    [Test]
    public void ScoringAllocatesNothingAndIsNotDelayedWhileATrainingRuns()
    {
        var skab = LearnSetup.Skab();
        var recipe = OnBoardLearningTests.SmallRecipe();
        recipe.Epochs = 12;
        var o = LearnSetup.Options(dir, skab, rows: 4000, recipe);
        LearnSetup.Record(LearnDir, skab, 4000, recipe);
        using var h = new DeviceHarness(o);
        var learner = h.Components.Learner!;
        int epochs = 0;
        learner.EpochObserver = _ => Interlocked.Increment(ref epochs);

        // The scoring thread's work per frame, on the guard model, as the pipeline does it: the learner's Record, then the scorer.
        using var bundle = Bundle.Load(o.Model.Path);
        var sink = new CountingSink();
        using var scorer = new StreamingScorer(bundle, h.Pipeline.ScorerOptions, sink);
        var frames = new Frames(skab);
        const int Kept = 200_000;   // the latest windows' latencies (a ring): percentiles over at most this many
        var latency = new long[Kept];
        int Score(int windows, Func<bool> go)
        {
            int n = 0;
            while (n < windows && go())
            {
                long before = sink.Windows, start = System.Diagnostics.Stopwatch.GetTimestamp();
                var (t, row) = frames.Next();
                learner.Record(t, row);
                scorer.Push(t, row);
                if (sink.Windows != before) latency[n++ % Kept] = System.Diagnostics.Stopwatch.GetTimestamp() - start;
            }
            return n;
        }
        Score(3000, () => true);   // warm-up: ORT's first runs, JIT tiering
        var quiet = Percentiles(latency, Score(4000, () => true));

        learner.Start();
        LearnSetup.WaitUntil(() => Volatile.Read(ref epochs) >= 1, "the training to be under way", TimeSpan.FromSeconds(30));
        int epochsBefore = Volatile.Read(ref epochs);
        var limit = System.Diagnostics.Stopwatch.StartNew();
        // Made before the count starts (a delegate is an allocation): score for as long as the training runs.
        Func<bool> training = () => learner.State == "training" && limit.Elapsed < TimeSpan.FromSeconds(60);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        int during = Score(int.MaxValue, training);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        int epochsDuring = Volatile.Read(ref epochs) - epochsBefore;
        var busy = Percentiles(latency, during);
        LearnSetup.WaitUntil(() => learner.State != "training", "the training to end", TimeSpan.FromSeconds(60));
        var after = Percentiles(latency, Score(4000, () => true));

        string figures = $"quiet p50 {quiet.P50:F3} ms p99 {quiet.P99:F3} ms; during training ({during} windows, {epochsDuring} epochs) p50 {busy.P50:F3} ms p99 {busy.P99:F3} ms; after p50 {after.P50:F3} ms p99 {after.P99:F3} ms";
        TestContext.Out.WriteLine(figures);
        Assert.That(learner.State, Is.EqualTo("learned"), figures);
        Assert.That(epochsDuring, Is.GreaterThanOrEqualTo(2), "the windows were scored while the trainer worked (Patience 0: every epoch runs): " + figures);
        Assert.That(during, Is.GreaterThanOrEqualTo(1000), figures);
        Assert.That(allocated, Is.Zero, $"{allocated} B over {during} windows scored during training");
        // Generous on purpose (2 shared, loaded cores): the trainer at nice 19 may cost the scorer a
        // cache, never its core. The baseline is the worse of before and after, taken on the same machine.
        double p50 = Math.Max(quiet.P50, after.P50), p99 = Math.Max(quiet.P99, after.P99);
        Assert.That(busy.P50, Is.LessThanOrEqualTo(3 * p50 + 0.5), figures);
        Assert.That(busy.P99, Is.LessThanOrEqualTo(10 * p99 + 20), figures);
    }

    private static (double P50, double P99) Percentiles(long[] ticks, int n)
    {
        var ms = ticks.Take(Math.Min(n, ticks.Length)).Select(t => t * 1000.0 / System.Diagnostics.Stopwatch.Frequency).Order().ToArray();
        return (ms[ms.Length / 2], ms[(int)(ms.Length * 0.99)]);
    }

    /// <summary>SKAB's rows over and over, with time going on (a looped replay as the daemon stamps it).</summary>
    private sealed class Frames(Runtime.Data.SensorTable table)
    {
        private readonly float[] row = new float[table.ChannelCount];
        private readonly DateTime start = table.TimeOf(0);
        private long i;

        public (DateTime, float[]) Next()
        {
            table.Row((int)(i % table.Rows)).CopyTo(row);
            return (start.AddTicks(i++ * TimeSpan.TicksPerSecond), row);
        }
    }

    private sealed class CountingSink : IScoreSink
    {
        public long Windows;
        public void OnWindow(in WindowScore score) => Windows++;
        public void OnEvent(in DetectorEvent e) { }
    }
}
