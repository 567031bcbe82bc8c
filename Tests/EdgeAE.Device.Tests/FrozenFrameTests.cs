using EdgeAE.Device.Alerts;
using EdgeAE.Device.Journal;
using EdgeAE.Device.Models;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sources;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

/// <summary>
/// A frozen sensor never reaches the model, whichever check sees the freeze first: the pipeline's own
/// stuck check, or the source's (a chip array reporting a typed Stuck fault after its frames).
/// Every window scored is compared with the span of frozen frames.
/// </summary>
public class FrozenFrameTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);
    private string dir = "";
    private string bundle = "";

    [OneTimeSetUp]
    public void Train()
    {
        dir = TestPaths.TempDir("frozen");
        bundle = Path.Combine(dir, "pump.onnx");
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(3000), window: 16, components: 16, bundle);
    }

    [OneTimeTearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    /// <summary>Good frames, then <c>frozen</c> identical ones (optionally followed by the source's own Stuck report), then good frames.</summary>
    private sealed class FreezingSource(int good, int frozen, int after, int reportAfter, int sourceCheck) : IFrameSource
    {
        public IReadOnlyList<string> Channels => PumpSimulator.ChannelNames;
        public string Description => "freezing test source";
        public bool IsFinite => true;
        public bool RecordedTime => true;
        public int StuckDetectionSamples => sourceCheck;
        public DateTime FrozenFrom => T0 + Period * good;
        public DateTime FrozenTo => T0 + Period * (good + frozen - 1);

        public void Run(IFrameWriter writer, CancellationToken cancellation)
        {
            var sim = new PumpSimulator(new SimulatorOptions { FaultEverySeconds = 0, Seed = 4 });
            var v = new float[6];
            int i = 0;
            for (; i < good; i++) { sim.Next(v); writer.Write(T0 + Period * i, v); }
            for (int k = 0; k < frozen; k++, i++)
            {
                writer.Write(T0 + Period * i, v);
                // What ChipSource does when ChipArray throws Stuck: the typed fault, after the frames it judged.
                if (k + 1 == reportAfter)
                    writer.ReportFault(new SensorFault("adxl345", SensorFaultKind.Stuck, $"all channels repeated the same value for {reportAfter} samples"));
            }
            for (int k = 0; k < after; k++, i++) { sim.Next(v); writer.Write(T0 + Period * i, v); }
        }

        public void Dispose() { }
    }

    private sealed class Windows : IScoreSink
    {
        public List<(DateTime Start, DateTime End)> Spans { get; } = new();
        public void OnWindow(in WindowScore score) => Spans.Add((score.Start, score.End));
        public void OnEvent(in DetectorEvent e) { }
    }

    private (Windows Windows, List<string?> Faults) Run(FreezingSource source, int healthStuckSamples)
    {
        var options = DeviceHarness.DefaultOptions(TestPaths.TempDir("frozen-run"), bundle);
        options.Health.StuckSamples = healthStuckSamples;
        options.Health.ClearAfterSamples = 5;
        var clock = new StreamClock(TimeProvider.System);
        using var alerts = new AlertController(new SimulatedPinBackend(NullLogger.Instance), options.Alerts, clock.Time);
        using var journal = new EventJournal(options.Journal.Directory, 1 << 20, 1, fsync: false);
        var reporter = new EventReporter(journal, NullLogger.Instance, acknowledge: false, clock);
        reporter.UseRecordedTime(true);
        var windows = new Windows();
        using (var pipeline = new ScoringPipeline(source, Bundle.Load(bundle), options, new ModelSlot(), alerts, reporter,
                   new Liveness(clock.Time), commissioning: null, clock, NullLogger.Instance)
        { Tap = windows })
            pipeline.Run(CancellationToken.None);
        var faults = DeviceHarness.ReadJournal(journal.ActivePath)
            .Where(e => e.GetProperty("kind").GetString() == "sensor-fault")
            .Select(e => e.GetProperty("fault").GetString()).ToList();
        Directory.Delete(Path.GetDirectoryName(options.Journal.Directory)!, recursive: true);
        return (windows, faults);
    }

    private static void AssertNoWindowHoldsAFrozenFrame(FreezingSource source, Windows w)
    {
        Assert.That(w.Spans, Is.Not.Empty);
        var bad = w.Spans.Where(s => s.End >= source.FrozenFrom && s.Start <= source.FrozenTo).ToList();
        Assert.That(bad, Is.Empty, $"{bad.Count} window(s) scored frozen frames, first {bad.FirstOrDefault().Start:HH:mm:ss.fff}–{bad.FirstOrDefault().End:HH:mm:ss.fff}");
        Assert.That(w.Spans.Any(s => s.Start > source.FrozenTo), Is.True, "scoring resumed after the fault");
    }

    // The chip array reports Stuck after 20 identical samples while the pipeline's own check (100) would be
    // later; and with Health:StuckSamples = 0 (quantized channels) the delay line still holds the source's span.
    [TestCase(100, 20, TestName = "TheSourcesOwnCheckSeesItFirst")]
    [TestCase(0, 25, TestName = "OnlyTheSourceChecks")]
    public void TheSourcesCheck(int healthStuckSamples, int sourceCheck)
    {
        var source = new FreezingSource(good: 300, frozen: sourceCheck, after: 300, reportAfter: sourceCheck, sourceCheck: sourceCheck);
        var (w, faults) = Run(source, healthStuckSamples);
        Assert.That(faults, Is.EqualTo(new[] { "stuck" }), "the kind survives from the driver to the journal");
        AssertNoWindowHoldsAFrozenFrame(source, w);
    }

    [Test]
    public void ThePipelinesOwnCheckSeesItFirst()
    {
        // No check in the source; the per-channel check recognises the run after 20 equal samples.
        var source = new FreezingSource(good: 300, frozen: 60, after: 300, reportAfter: 0, sourceCheck: 0);
        var (w, faults) = Run(source, healthStuckSamples: 20);
        Assert.That(faults, Is.EqualTo(new[] { "stuck" }));
        // The frames of the run beyond the 20 that revealed it arrive while suspended; none is scored.
        AssertNoWindowHoldsAFrozenFrame(source, w);
    }
}
