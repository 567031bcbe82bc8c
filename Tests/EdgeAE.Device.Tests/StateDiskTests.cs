using EdgeAE.Device.Journal;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Sources;
using EdgeAE.Device.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

/// <summary>
/// The state directory fills up or turns read-only (an SD card's fate): the journal and commissioning
/// say so and go on, the daemon keeps scoring and driving its outputs, and nothing already journaled is
/// lost. Held events are written, in order and with consecutive sequence numbers, once the disk takes
/// writes again. Real tmpfs mounts, real ENOSPC and EROFS.
/// </summary>
public class StateDiskTests
{
    private string dir = "";
    private string bundle = "";

    [OneTimeSetUp]
    public void Train()
    {
        dir = TestPaths.TempDir("statedisk");
        bundle = Path.Combine(dir, "pump.onnx");
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(3000), window: 16, components: 16, bundle);
    }

    [OneTimeTearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private static List<long> Seqs(string path) =>
        DeviceHarness.ReadJournal(path).Select(e => e.GetProperty("seq").GetInt64()).ToList();

    [Test]
    public void AFullDiskHoldsEventsAndLosesNothingAlreadyJournaled()
    {
        using var disk = new SmallDisk(Path.Combine(dir, "full-" + Guid.NewGuid().ToString("N")[..6]), 64);
        using var journal = new EventJournal(Path.Combine(disk.Path, "journal"), 1 << 20, 2, fsync: true);
        var reporter = new EventReporter(journal, NullLogger.Instance, acknowledge: false, new StreamClock(TimeProvider.System));
        for (int i = 0; i < 10; i++) reporter.Note("test", $"before the disk filled {i}");
        string filler = disk.Fill(leaveBytes: 700);
        for (int i = 0; i < 40; i++) reporter.Note("test", $"while full {i} " + new string('x', 100));
        Assert.That(reporter.Held, Is.GreaterThan(0), "the disk filled up under the journal");
        var written = Seqs(journal.ActivePath);   // every line parses: no half-written line was left behind
        Assert.That(written, Is.EqualTo(Enumerable.Range(1, written.Count).Select(i => (long)i)));
        Assert.That(written.Count, Is.GreaterThanOrEqualTo(10), "the ten events journaled before are all there");

        File.Delete(filler);
        reporter.Note("test", "space again");
        Assert.That(reporter.Held, Is.Zero);
        var all = Seqs(journal.ActivePath);
        Assert.That(all, Is.EqualTo(Enumerable.Range(1, 51).Select(i => (long)i)), "held events written in order, none lost");
        var messages = DeviceHarness.ReadJournal(journal.ActivePath).Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.That(messages[^1], Is.EqualTo("space again"));
        Assert.That(messages[10], Does.StartWith("while full 0 "));
    }

    [Test]
    public void AStateDiskThatFillsMidRunKeepsScoringAndDrivingGpio()
    {
        using var disk = new SmallDisk(Path.Combine(dir, "midrun-" + Guid.NewGuid().ToString("N")[..6]), 256);
        string csv = Path.Combine(dir, "machine-faults.csv");
        // Enough episodes that their journal lines outgrow the free part of the journal's last page.
        SimulatorCsvWriter.Write(csv, new SimulatorOptions { Faults = ["BearingBurst", "PressureDrop"], FaultEverySeconds = 12, FaultSeconds = 4, FirstFaultAfterSeconds = 20, Seed = 7 }, rows: 50 * 400);
        var o = DeviceHarness.DefaultOptions(disk.Path, bundle);
        o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = csv, Speed = 0 };
        o.Model.Commissioning = new CommissioningOptions();
        using var h = new DeviceHarness(o);
        h.Components.Reporter!.Note("started", "before the state disk filled up");
        var before = File.ReadAllText(h.Components.Journal!.ActivePath);

        string filler = disk.Fill();
        h.Pipeline.Run(CancellationToken.None);
        Assert.That(h.Pipeline.WindowsScored, Is.EqualTo(50 * 400 - 16 + 1), "every window scored");
        Assert.That(h.Events.Count(e => e.Kind == Runtime.Detection.DetectorEventKind.Raised), Is.GreaterThanOrEqualTo(20));
        Assert.That(h.Pins.Transitions.Count(x => x.Name == "alarm" && x.Level), Is.GreaterThanOrEqualTo(3), "the alarm line still went on");
        Assert.That(File.ReadAllText(h.Components.Journal.ActivePath), Does.StartWith(before), "what was journaled is intact");
        var partial = Seqs(h.Components.Journal.ActivePath);   // every line parses
        Assert.That(partial, Is.EqualTo(Enumerable.Range(1, partial.Count).Select(i => (long)i)));
        int held = h.Components.Reporter.Held;
        Assert.That(held, Is.GreaterThan(0), "events the full disk refused wait in memory");
        Assert.That(partial.Count - 1 + held, Is.EqualTo(h.Events.Count), "none dropped");
        Assert.That(h.Components.Reporter.JournalWritable, Is.False);

        File.Delete(filler);
        h.Components.Reporter.RetryHeld();
        Assert.That(h.Components.Reporter.Held, Is.Zero);
        var journal = h.Journal();
        Assert.That(journal.Select(e => e.GetProperty("seq").GetInt64()), Is.EqualTo(Enumerable.Range(1, 1 + h.Events.Count).Select(i => (long)i)));
        Assert.That(journal.Count(e => e.GetProperty("kind").GetString() == "raised"), Is.EqualTo(h.Events.Count(e => e.Kind == Runtime.Detection.DetectorEventKind.Raised)));
    }

    [Test]
    public void AReadOnlyStateDirectoryAtStartIsNotFatal()
    {
        using var disk = new SmallDisk(Path.Combine(dir, "ro0-" + Guid.NewGuid().ToString("N")[..6]), 256);
        disk.ReadOnly();
        var o = DeviceHarness.DefaultOptions(disk.Path, bundle);
        string csv = Path.Combine(dir, "short.csv");
        SimulatorCsvWriter.Write(csv, new SimulatorOptions { FaultEverySeconds = 0 }, rows: 500);
        o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = csv, Speed = 0 };
        using var h = new DeviceHarness(o);
        Assert.That(h.Components.Journal!.Problem, Is.Not.Null);
        h.Pipeline.Run(CancellationToken.None);
        Assert.That(h.Pipeline.WindowsScored, Is.EqualTo(500 - 16 + 1));
        disk.Writable();
        h.Components.Reporter!.Note("test", "writable now");
        Assert.That(h.Journal().Select(e => e.GetProperty("seq").GetInt64()), Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public void CommissioningOnAFullDiskStillArms()
    {
        using var disk = new SmallDisk(Path.Combine(dir, "cfull-" + Guid.NewGuid().ToString("N")[..6]), 64);
        string csv = Path.Combine(dir, "normal-40s.csv");
        SimulatorCsvWriter.Write(csv, new SimulatorOptions { FaultEverySeconds = 0, Seed = 12 }, rows: 50 * 40);
        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Journal.Directory = Path.Combine(dir, "cjournal-" + Guid.NewGuid().ToString("N")[..6]);
        o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = csv, Speed = 0 };
        o.Model.Commissioning = new CommissioningOptions { Duration = TimeSpan.FromSeconds(30), Method = "quantile", Q = 0.99, StateDirectory = Path.Combine(disk.Path, "commissioning") };
        disk.Fill();
        using var h = new DeviceHarness(o);
        h.Pipeline.Run(CancellationToken.None);
        Assert.That(h.Pipeline.Scorer.Armed, Is.True, "calibrated in memory and armed although nothing could be saved");
        Assert.That(h.Journal().Count(e => e.GetProperty("kind").GetString() == "commissioned"), Is.EqualTo(1));
        Assert.That(((Commissioning.CommissioningSession)h.Components.Commissioning!).StorageProblem, Is.Not.Null, "and it says so");
    }
}
