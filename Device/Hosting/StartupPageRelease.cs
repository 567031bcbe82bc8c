using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// Unmaps, once after start-up, the pages of read-only file mappings (the code and constant data of
/// our binary, ONNX Runtime, libstdc++, libc) that start-up touched: Linux's counterpart of Windows'
/// working-set trim. They stay in the page cache; what the scoring loop runs is mapped again on its
/// first touch (a minor fault), so the resident set afterwards is the code the daemon actually runs.
/// <para>
/// Why: most of ONNX Runtime's 13 MB of resident code is its static initializers (every kernel's
/// registration, spread over the whole library) and the kernel's fault-around, which maps 64 KB around
/// each touched page; they are never executed again. Measured on the x64 package: see BENCHMARKS.md.
/// </para>
/// <para>
/// Safe by construction: only private, non-writable, file-backed mappings with no anonymous page
/// (<c>Anonymous: 0 kB</c> in smaps: nothing was ever written, no relocation, no breakpoint) are
/// released; for those, <c>MADV_DONTNEED</c> means "read it from the file again", which is the
/// same bytes. Writable data, relocated read-only data (RELRO), the heaps and stacks are never touched.
/// </para>
/// </summary>
internal static partial class StartupPageRelease
{
    private const int MadvDontNeed = 4;

    /// <summary>Releases the eligible mappings; returns the resident bytes they held (0 off Linux or when smaps is unreadable).</summary>
    public static long Release()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/smaps");
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
        long released = 0;
        foreach (var mapping in Eligible(lines))
            if (Madvise((nint)mapping.Start, (nuint)(mapping.End - mapping.Start), MadvDontNeed) == 0)
                released += mapping.ResidentBytes;
        return released;
    }

    internal readonly record struct Mapping(ulong Start, ulong End, long ResidentBytes);

    /// <summary>The mappings of an smaps text that may be released, with what they hold resident.</summary>
    internal static List<Mapping> Eligible(IReadOnlyList<string> smaps)
    {
        var result = new List<Mapping>();
        bool candidate = false;
        ulong start = 0, end = 0;
        long rss = 0, anonymous = -1;
        void Close()
        {
            if (candidate && anonymous == 0 && rss > 0) result.Add(new Mapping(start, end, rss));
        }
        foreach (string line in smaps)
        {
            if (TryHeader(line, out ulong s, out ulong e, out bool eligible))
            {
                Close();
                (candidate, start, end, rss, anonymous) = (eligible, s, e, 0, -1);
            }
            else if (line.StartsWith("Rss:", StringComparison.Ordinal)) rss = Kilobytes(line) * 1024;
            else if (line.StartsWith("Anonymous:", StringComparison.Ordinal)) anonymous = Kilobytes(line);
        }
        Close();
        return result;
    }

    // "7f0c4a000000-7f0c4a200000 r-xp 00000000 08:01 1234  /usr/lib/libonnxruntime.so"
    private static bool TryHeader(string line, out ulong start, out ulong end, out bool eligible)
    {
        start = end = 0;
        eligible = false;
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5) return false;
        int dash = fields[0].IndexOf('-');
        if (dash <= 0) return false;
        if (!ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out start)
            || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out end)
            || fields[1].Length != 4)
            return false;
        string perms = fields[1];
        string path = fields.Length == 6 ? fields[5].Trim() : "";
        eligible = perms[0] == 'r' && perms[1] == '-' && perms[3] == 'p'
            && fields[4] != "0" && path.StartsWith('/');
        return true;
    }

    private static long Kilobytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb) ? kb : -1;
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
