using EdgeAE.Device.Hosting;

namespace EdgeAE.Device.Tests;

/// <summary>Only never-written, read-only file pages are released, and a process goes on working after a release.</summary>
public class StartupPageReleaseTests
{
    private static readonly string[] Smaps =
    [
        "55d0a0000000-55d0a0200000 r--p 00000000 08:01 4711                       /opt/edgeae/edgeae-device",
        "Rss:                 512 kB",
        "Anonymous:             0 kB",
        "55d0a0200000-55d0a0800000 r-xp 00200000 08:01 4711                       /opt/edgeae/edgeae-device",
        "Rss:                5120 kB",
        "Anonymous:             0 kB",
        "55d0a0800000-55d0a0900000 r--p 00800000 08:01 4711                       /opt/edgeae/edgeae-device",
        "Rss:                 100 kB",
        "Anonymous:            12 kB",
        "55d0a0900000-55d0a0a00000 rw-p 00900000 08:01 4711                       /opt/edgeae/edgeae-device",
        "Rss:                 172 kB",
        "Anonymous:            88 kB",
        "55d0a1000000-55d0a2000000 rw-p 00000000 00:00 0                          [heap]",
        "Rss:                2128 kB",
        "Anonymous:          2128 kB",
        "7f0000000000-7f0000100000 r--p 00000000 00:00 0 ",
        "Rss:                  64 kB",
        "Anonymous:             0 kB",
        "7f0000200000-7f0000300000 r-xp 00000000 08:01 99                         /usr/lib/libonnxruntime.so (deleted)",
        "Rss:                   0 kB",
        "Anonymous:             0 kB",
        "7f0000300000-7f0000400000 r--s 00000000 08:01 98                         /var/lib/edgeae/shared.bin",
        "Rss:                  16 kB",
        "Anonymous:             0 kB",
        "7f0000400000-7f0000500000 r-xp 00000000 08:01 97                         /usr/lib/libold.so",
        "Rss:                  40 kB",
        "7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                          [vdso]",
        "Rss:                   8 kB",
        "Anonymous:             0 kB",
    ];

    [Test]
    public void OnlyPrivateReadOnlyFileMappingsThatWereNeverWrittenAreEligible()
    {
        var eligible = StartupPageRelease.Eligible(Smaps);
        Assert.That(eligible.Select(m => m.Start), Is.EqualTo(new ulong[] { 0x55d0a0000000, 0x55d0a0200000 }),
            "the binary's rodata and code; not RELRO (anonymous pages), data, heap, anonymous, empty, shared, or a mapping without an Anonymous line");
        Assert.That(eligible.Select(m => m.ResidentBytes), Is.EqualTo(new long[] { 512 * 1024, 5120 * 1024 }));
        Assert.That(eligible[1].End - eligible[1].Start, Is.EqualTo(0x600000UL));
    }

    [Test]
    public void ARealReleaseLowersTheFileBackedResidentSetAndTheProcessGoesOn()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Linux only");
        long before = RssFileKilobytes();
        long released = StartupPageRelease.Release();
        long after = RssFileKilobytes();
        Assert.That(released, Is.GreaterThan(1024 * 1024), "the test host's runtime libraries hold megabytes of read-only pages");
        Assert.That(after, Is.LessThan(before), $"RssFile {before} kB → {after} kB");
        // Code runs again from the released pages: the runtime, the JIT and the BCL fault back in.
        var sum = Enumerable.Range(0, 1000).Select(i => Math.Sqrt(i)).Sum();
        Assert.That(sum, Is.EqualTo(21065.833).Within(0.01));
    }

    private static long RssFileKilobytes()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssFile:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
