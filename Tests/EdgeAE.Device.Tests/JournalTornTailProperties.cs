using CsCheck;
using EdgeAE.Device.Journal;
using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests;

/// <summary>
/// Torn-tail recovery as a property: whatever number of events was written, wherever a crash cut the
/// file (or left bytes of a line that never got its newline), reopening keeps every complete line,
/// drops only the torn one, and numbering continues from the last complete event.
/// </summary>
public class JournalTornTailProperties
{
    /// <summary>(events written, bytes cut off the end, garbage bytes appended without a newline, message length).</summary>
    private static readonly Gen<(int, int, int, int)> Crashes = Gen.Select(Gen.Int[0, 40], Gen.Int[0, 400], Gen.Int[0, 120], Gen.Int[0, 80]);

    [Test]
    public void ReopeningKeepsEveryCompleteLineAndContinuesTheNumbering() => Crashes.Sample((events, cut, garbage, length) =>
    {
        string dir = TestPaths.TempDir("torn");
        try
        {
            using (var j = new EventJournal(dir, 1 << 20, 2, fsync: false))
                for (int i = 0; i < events; i++)
                    j.Append(new JournalEntry { At = DateTime.UnixEpoch.AddSeconds(i), Kind = "test", Message = new string((char)('a' + i % 26), length) });
            string path = Path.Combine(dir, EventJournal.FileName);
            byte[] bytes = File.ReadAllBytes(path);
            int keep = Math.Max(0, bytes.Length - cut);
            var torn = bytes.AsSpan(0, keep).ToArray().Concat(System.Text.Encoding.UTF8.GetBytes(new string('{', garbage).Replace("{{", "{\""))).ToArray();
            File.WriteAllBytes(path, torn);
            // The complete lines that survive the cut: everything up to its last newline.
            int lastNewline = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(0, keep - 1));
            int complete = keep == 0 || lastNewline < 0 ? 0 : bytes.AsSpan(0, lastNewline + 1).Count((byte)'\n');

            using (var j = new EventJournal(dir, 1 << 20, 2, fsync: false))
            {
                Assert.That(j.LastSeq, Is.EqualTo(complete), $"{events} written, {cut} cut, {garbage} garbage");
                Assert.That(j.Append(new JournalEntry { Kind = "after" }), Is.EqualTo(complete + 1));
            }
            var lines = DeviceHarness.ReadJournal(path);   // every line parses: the torn tail is gone
            Assert.That(lines.Select(e => e.GetProperty("seq").GetInt64()), Is.EqualTo(Enumerable.Range(1, complete + 1).Select(i => (long)i)));
            Assert.That(File.ReadAllBytes(path).AsSpan(0, lastNewline < 0 || keep == 0 ? 0 : lastNewline + 1).SequenceEqual(bytes.AsSpan(0, lastNewline < 0 || keep == 0 ? 0 : lastNewline + 1)), Is.True, "complete lines byte for byte");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }, iter: 150, threads: 1);
}
