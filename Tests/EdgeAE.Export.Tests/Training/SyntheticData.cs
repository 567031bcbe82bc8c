using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Tests.Training;

/// <summary>Small deterministic multichannel sensor tables (sines with noise) for fast trainer tests.</summary>
internal static class SyntheticData
{
    public static SensorTable Sines(int rows, int channels = 3, int seed = 1, Func<int, int, float, float>? edit = null)
    {
        var rng = new EdgeAE.Training.Engine.Rng((ulong)seed);
        var values = new float[rows * channels];
        var times = new DateTime[rows];
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int r = 0; r < rows; r++)
        {
            times[r] = t0.AddSeconds(r);
            for (int c = 0; c < channels; c++)
            {
                float v = (float)(Math.Sin(r * (0.21 + 0.07 * c) + c) * (1 + c) + 3 * c + 0.05 * rng.NextGaussian());
                values[r * channels + c] = edit is null ? v : edit(r, c, v);
            }
        }
        return new SensorTable(Enumerable.Range(0, channels).Select(c => $"ch{c}").ToArray(), values, times, source: "synthetic");
    }

    /// <summary>A file in the shared data folder (../shared from the root holding EdgeAE.sln), or null.</summary>
    public static string? SharedData(string relative)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAE.sln"))) dir = dir.Parent;
        if (dir is null) return null;
        // ../shared next to the repository root; a git worktree one level deeper (wt/<name>) finds it one further up.
        foreach (var up in new[] { dir.Parent, dir.Parent?.Parent })
        {
            if (up is null) continue;
            string path = Path.Combine(up.FullName, "shared", relative);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    public static string RequireShared(string relative) =>
        SharedData(relative) ?? throw new IgnoreException($"shared data '../shared/{relative}' is not available next to the repository");
}
