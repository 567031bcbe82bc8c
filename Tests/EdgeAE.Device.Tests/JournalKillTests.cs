using System.Text.Json;
using EdgeAE.Device.Journal;
using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests;

/// <summary>Every event the daemon acknowledged ("journaled N", printed after fsync) survives SIGKILL, and no line is torn.</summary>
public class JournalKillTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("kill");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void AcknowledgedEventsSurviveSigkill()
    {
        string bundle = Path.Combine(dir, "pump.onnx");
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(2000), window: 16, components: 12, bundle);
        string journalDir = Path.Combine(dir, "journal");
        using var daemon = new DaemonProcess(dir, "--demo",
            "--Model:Path", bundle,
            "--Model:ReloadPollSeconds", "0",
            "--Source:Kind", "Simulator", "--Source:Speed", "20",
            "--Source:Simulator:FaultEverySeconds", "1", "--Source:Simulator:FaultSeconds", "0.4", "--Source:Simulator:FirstFaultAfterSeconds", "1",
            "--Health:StuckSamples", "5", "--Health:ClearAfterSamples", "3",
            "--Journal:Directory", journalDir, "--Journal:Acknowledge", "true", "--Journal:MaxBytes", "4096",
            "--Logging:LogLevel:Default", "Warning");

        const int wanted = 60;
        Assert.That(daemon.WaitFor(() => Acked(daemon).Count >= wanted, TimeSpan.FromSeconds(20)), Is.True,
            $"only {Acked(daemon).Count} events acknowledged; stderr: {string.Join(" | ", daemon.Stderr)}");
        daemon.Process.Kill();          // SIGKILL: no shutdown code runs
        daemon.Process.WaitForExit();
        var acked = Acked(daemon);      // everything acknowledged before the kill (output fully drained)

        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(journalDir, "*.jsonl"))
        {
            string text = File.ReadAllText(file);
            Assert.That(text, Does.EndWith("\n"), $"{Path.GetFileName(file)} ends in a torn line");
            lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        Assert.That(Directory.GetFiles(journalDir, "events.*.jsonl"), Is.Not.Empty, "the journal rotated by size during the run");
        var seqs = new HashSet<long>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);   // throws on a torn or garbled line
            Assert.That(seqs.Add(doc.RootElement.GetProperty("seq").GetInt64()), Is.True, "sequence numbers are unique");
        }
        var lost = acked.Where(s => !seqs.Contains(s)).ToList();
        Assert.That(lost, Is.Empty, $"acknowledged but missing (rotation keeps 5 files: check {acked.Count} acks)");

        // A restart continues the sequence after the last durable event.
        using var journal = new EventJournal(journalDir, 4096, 5, fsync: true);
        Assert.That(journal.LastSeq, Is.EqualTo(seqs.Max()));
        Assert.That(journal.Append(new JournalEntry { Kind = "started", At = DateTime.UtcNow }), Is.EqualTo(seqs.Max() + 1));
    }

    private static List<long> Acked(DaemonProcess d) =>
        d.Stdout.Where(l => l.StartsWith("journaled ", StringComparison.Ordinal)).Select(l => long.Parse(l["journaled ".Length..])).ToList();
}
