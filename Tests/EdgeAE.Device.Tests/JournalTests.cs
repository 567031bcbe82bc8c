using System.Text;
using EdgeAE.Device.Journal;
using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests;

public class JournalTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("journal");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void TornTailFromACrashIsCutOffAndSequenceContinues()
    {
        using (var j = new EventJournal(dir, 1 << 20, 2, fsync: true))
        {
            j.Append(new JournalEntry { Kind = "raised", Level = "alarm", At = DateTime.UtcNow });
            j.Append(new JournalEntry { Kind = "cleared", Level = "normal", At = DateTime.UtcNow });
        }
        File.AppendAllText(Path.Combine(dir, EventJournal.FileName), "{\"seq\":3,\"at\":\"2026-", Encoding.UTF8);
        using (var j = new EventJournal(dir, 1 << 20, 2, fsync: true))
        {
            Assert.That(j.LastSeq, Is.EqualTo(2));
            Assert.That(j.Append(new JournalEntry { Kind = "sensor-fault", At = DateTime.UtcNow }), Is.EqualTo(3));
        }
        var lines = File.ReadAllLines(Path.Combine(dir, EventJournal.FileName));
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[2], Does.StartWith("{\"seq\":3,").And.Contain("\"kind\":\"sensor-fault\""));
    }

    [Test]
    public void RotatesBySizeAndKeepsTheConfiguredNumberOfFiles()
    {
        using var j = new EventJournal(dir, 4096, 2, fsync: false);
        for (int i = 0; i < 200; i++) j.Append(new JournalEntry { Kind = "raised", Message = new string('x', 100), At = DateTime.UtcNow });
        var files = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray();
        Assert.That(files, Is.EqualTo(new[] { "events.1.jsonl", "events.2.jsonl", "events.jsonl" }));
        Assert.That(files.Select(f => new FileInfo(Path.Combine(dir, f!)).Length), Has.All.LessThanOrEqualTo(4096));
        Assert.That(j.LastSeq, Is.EqualTo(200));
    }
}
