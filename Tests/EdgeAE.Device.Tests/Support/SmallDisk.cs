using System.Diagnostics;

namespace EdgeAE.Device.Tests.Support;

/// <summary>
/// A real, tiny file system (tmpfs of a few KiB, mounted by the test) that fills up with ENOSPC and can be
/// remounted read-only (EROFS): the daemon's state directory failing the way a board's SD card does.
/// Needs root and mount, as the project's machines and CI have; elsewhere the test is inconclusive.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    public SmallDisk(string path, int kibibytes)
    {
        Path = path;
        Directory.CreateDirectory(path);
        if (Environment.UserName != "root" || Mount("-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", path) != 0)
            Assert.Inconclusive("needs root and mount(8) for a tmpfs");
    }

    public string Path { get; }

    /// <summary>Fills the disk but for about <paramref name="leaveBytes"/>: returns the filler file, whose deletion frees the space again.</summary>
    public string Fill(long leaveBytes = 0)
    {
        string filler = System.IO.Path.Combine(Path, ".filler");
        using var fs = new FileStream(filler, FileMode.Create);
        var block = new byte[512];
        try
        {
            while (true)
            {
                var info = new DriveInfo(Path);
                if (info.AvailableFreeSpace <= leaveBytes) break;
                fs.Write(block);
                fs.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // Full.
        }
        return filler;
    }

    public void ReadOnly() => Assert.That(Mount("-o", "remount,ro", Path), Is.Zero, "remount read-only");

    public void Writable() => Assert.That(Mount("-o", "remount,rw", Path), Is.Zero, "remount read-write");

    public void Dispose()
    {
        Run("umount", "-l", Path);
    }

    private static int Mount(params string[] args) => Run("mount", args);

    private static int Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
