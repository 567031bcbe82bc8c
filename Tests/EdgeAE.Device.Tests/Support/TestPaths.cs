namespace EdgeAE.Device.Tests.Support;

public static class TestPaths
{
    /// <summary>The repository root (the folder holding EdgeAE.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAE.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("EdgeAE.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The shared data folder: ../shared next to the repository (a git worktree may sit one level deeper).</summary>
    public static string Shared
    {
        get
        {
            string first = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            for (var dir = new DirectoryInfo(RepoRoot).Parent; dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "data"))) return candidate;
            }
            return first;
        }
    }

    /// <summary>A fresh temporary folder, deleted by the caller's TearDown.</summary>
    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "edgeae-device-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The daemon's entry assembly, copied next to the tests by the project reference.</summary>
    public static string DaemonDll => Path.Combine(AppContext.BaseDirectory, "edgeae-device.dll");
}
