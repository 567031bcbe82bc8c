using System.Globalization;
using System.Text.Json;
using EdgeAE.Device.Options;
using EdgeAE.Device.Sources;
using EdgeAE.Device.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

/// <summary>
/// A board without an RTC jumps its wall clock by years when NTP syncs. Frames of a live source
/// (here CSV lines on stdin without a time column, stamped by the daemon) are timed on the monotonic
/// stream clock, so commissioning length, episode durations and the window period behind the
/// alarms-per-day figure stay right across forward and backward jumps, while the journal shows the
/// wall clock of the moment.
/// </summary>
public class ClockJumpTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);
    private string dir = "";
    private string bundle = "";

    [SetUp]
    public void SetUp()
    {
        dir = TestPaths.TempDir("clockjump");
        bundle = Path.Combine(dir, "pump.onnx");
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(3000), window: 16, components: 16, bundle);
    }

    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    /// <summary>Simulator lines without timestamps; each line read advances the test clock one sample period, and the wall clock jumps at given lines.</summary>
    private sealed class ClockedLines(TestClock clock, SimulatorOptions sim, int lines, Dictionary<int, TimeSpan> jumps) : TextReader
    {
        private readonly PumpSimulator simulator = new(sim);
        private readonly float[] v = new float[6];
        private int n;

        public override string? ReadLine()
        {
            if (n == lines) return null;
            if (jumps.TryGetValue(n, out var jump)) clock.JumpWall(jump);
            n++;
            clock.Advance(Period);
            simulator.Next(v);
            return string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
        }
    }

    private DeviceHarness Harness(TestClock clock, TextReader lines, Action<DeviceOptions>? configure = null)
    {
        var o = DeviceHarness.DefaultOptions(dir, bundle);
        // A short queue keeps the reader (which moves the clock) within two frames of the scorer, as a live sensor is.
        o.Source = new SourceOptions { Kind = SourceKind.Stdin, QueueFrames = 2 };
        configure?.Invoke(o);
        var h = new DeviceHarness(o, clock);
        // The source the factory would build for Kind=Stdin, reading the clocked lines instead of the console.
        h.ReplaceSource(new StdinSource(PumpSimulator.ChannelNames, NullLogger.Instance, h.Components.Clock, lines));
        return h;
    }

    private static readonly TimeSpan Years10 = TimeSpan.FromDays(3652);
    private static readonly TimeSpan Years3 = TimeSpan.FromDays(1096);

    [Test]
    public void CommissioningLengthAndWindowPeriodIgnoreWallClockJumps()
    {
        var clock = new TestClock();
        var start = clock.GetUtcNow().UtcDateTime;
        // 40 s of data; +10 years at 8 s, −3 years at 18 s; commissioning wants 30 s of it.
        var lines = new ClockedLines(clock, new SimulatorOptions { FaultEverySeconds = 0, Seed = 31 }, 2000, new() { [400] = Years10, [900] = -Years3 });
        using var h = Harness(clock, lines, o => o.Model.Commissioning = new CommissioningOptions
        {
            Duration = TimeSpan.FromSeconds(30),
            Method = "far",
            FarPerDay = 1,
            StateDirectory = Path.Combine(dir, "state"),
        });
        h.Pipeline.Run(CancellationToken.None);

        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "state", "state.json"))).RootElement;
        Assert.That(state.GetProperty("elapsed_seconds").GetDouble(), Is.EqualTo(30).Within(0.05), "30 s of monotonic stream time, not 10 years");
        Assert.That(state.GetProperty("window_period_seconds").GetDouble(), Is.EqualTo(0.02).Within(1e-9), "the alarms-per-day figure's window period");
        long windows = state.GetProperty("thresholds").GetProperty("calibration").GetProperty("windows").GetInt64();
        Assert.That(windows, Is.EqualTo(1501).Within(1), "one window per sample for 30 s, plus the first");
        var commissioned = h.Journal().Single(e => e.GetProperty("kind").GetString() == "commissioned");
        var at = commissioned.GetProperty("at").GetDateTime();
        // 30.3 s of scored stream time, seen 2 s later on the wall clock: the delay line holds Health:StuckSamples (100) frames back.
        Assert.That(at, Is.EqualTo(start + Years10 - Years3 + TimeSpan.FromSeconds(32.3)).Within(TimeSpan.FromSeconds(1)), "journaled on the wall clock of the moment");
    }

    [Test]
    public void EpisodeDurationsAndJournalTimesAcrossJumps()
    {
        var clock = new TestClock();
        var start = clock.GetUtcNow().UtcDateTime;
        // A bearing burst from 20 s to 28 s; the wall clock jumps +10 years at 23 s and −3 years at 25 s, mid-episode.
        var sim = new SimulatorOptions { Faults = ["BearingBurst"], FaultEverySeconds = 1000, FaultSeconds = 8, FirstFaultAfterSeconds = 20, Seed = 32 };
        var lines = new ClockedLines(clock, sim, 40 * 50, new() { [23 * 50] = Years10, [25 * 50] = -Years3 });
        using var h = Harness(clock, lines);
        h.Pipeline.Run(CancellationToken.None);

        var journal = h.Journal();
        var raised = journal.First(e => e.GetProperty("kind").GetString() == "raised");
        var cleared = journal.First(e => e.GetProperty("kind").GetString() == "cleared");
        double duration = cleared.GetProperty("duration_seconds").GetDouble();
        Assert.That(duration, Is.InRange(6.0, 10.0), "the episode lasted about the 8 s of the burst, on the monotonic clock");
        var raisedAt = raised.GetProperty("at").GetDateTime();
        var clearedAt = cleared.GetProperty("at").GetDateTime();
        Assert.That(raisedAt, Is.EqualTo(start + TimeSpan.FromSeconds(20)).Within(TimeSpan.FromSeconds(2)), "raised before the jumps: wall = stream time");
        Assert.That(clearedAt, Is.EqualTo(start + Years10 - Years3 + TimeSpan.FromSeconds(28)).Within(TimeSpan.FromSeconds(3)), "cleared after both jumps: the wall clock then");
        var episodeStart = cleared.GetProperty("episode_start").GetDateTime();
        Assert.That((clearedAt - episodeStart).TotalSeconds, Is.EqualTo(duration).Within(0.05), "start and end are shown on one time base");
        var seqs = journal.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.That(seqs, Is.EqualTo(Enumerable.Range(1, seqs.Count).Select(i => (long)i)), "sequence numbers never depend on the clock");
    }
}
