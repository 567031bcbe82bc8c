namespace EdgeAE.Export.Tests.Import;

/// <summary>Locates /work/shared-style data next to the repository (never copied into it).</summary>
internal static class SharedData
{
    /// <summary>
    /// ../shared from the repository root; a git worktree sits one level deeper, so the nearest
    /// ancestor holding shared/ is used.
    /// </summary>
    public static string Ad01Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(RepoRoot()).Parent; dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "shared", "models")))
                    return Path.Combine(dir.FullName, "shared", "models", "mlperf-tiny-ad01");
            return Path.Combine(RepoRoot(), "..", "shared", "models", "mlperf-tiny-ad01");
        }
    }

    /// <summary>The file's path, or Assert.Ignore when the shared data is not on this machine.</summary>
    public static string Ad01(string file)
    {
        string path = Path.GetFullPath(Path.Combine(Ad01Directory, file));
        if (!File.Exists(path)) Assert.Ignore($"shared MLPerf Tiny ad01 file not found at {path}; acceptance test skipped");
        return path;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeAE.sln"))) return dir.FullName;
        Assert.Ignore("repository root (EdgeAE.sln) not found above the test directory");
        return "";
    }
}
