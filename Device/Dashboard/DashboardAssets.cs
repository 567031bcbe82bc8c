namespace EdgeAE.Device.Dashboard;

/// <summary>The page's files, embedded in the binary (a factory network has no internet, and a board no web root to lose).</summary>
public static class DashboardAssets
{
    private static readonly Dictionary<string, (string Type, byte[] Bytes)> Files = Load();

    /// <summary>The file for a request path ("/" is the page), or null.</summary>
    public static (string Type, byte[] Bytes)? Find(string path) =>
        Files.TryGetValue(path == "/" ? "/index.html" : path, out var f) ? f : null;

    private static Dictionary<string, (string, byte[])> Load()
    {
        var files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        var assembly = typeof(DashboardAssets).Assembly;
        foreach (var (name, type) in new[] { ("index.html", "text/html; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream("dashboard/" + name)
                ?? throw new InvalidOperationException($"the dashboard's {name} is not embedded in this build");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files["/" + name] = (type, copy.ToArray());
        }
        return files;
    }
}
