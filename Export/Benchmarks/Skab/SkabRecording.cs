using EdgeAE.Runtime;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>
/// One recording of the benchmark: a labelled SKAB file, or a segment of a normal-only recording
/// (every row normal; it can only show false alarms). <see cref="Group"/> is what leave-group-out
/// validation holds out together (SKAB's folders: valve1, valve2, other; "normal" for segments).
/// </summary>
public sealed class SkabRecording
{
    private readonly Func<SkabOptions, SensorTable> load;

    private SkabRecording(string name, string group, bool normalOnly, Func<SkabOptions, SensorTable> load)
    {
        Name = name;
        Group = group;
        NormalOnly = normalOnly;
        this.load = load;
    }

    /// <summary>Path relative to the data directory (or segment name); also names the cached model.</summary>
    public string Name { get; }
    public string Group { get; }
    public bool NormalOnly { get; }

    public SensorTable Load(SkabOptions options) => load(options);

    /// <summary>A labelled file under <paramref name="root"/>; its group is the first folder below the root.</summary>
    public static SkabRecording Labelled(string root, string path)
    {
        string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        int slash = relative.IndexOf('/');
        string group = slash > 0 ? relative[..slash] : Path.GetFileName(Path.GetFullPath(root).TrimEnd('/'));
        return new SkabRecording(relative, group, normalOnly: false, o =>
            SensorDataReader.Read(path, new DataReadOptions { LabelColumn = o.LabelColumn, Columns = o.Columns }));
    }

    /// <summary>
    /// Consecutive segments of <paramref name="segmentRows"/> rows of a normal recording (a shorter
    /// tail is dropped), each labelled all-normal: the same protocol then measures false alarms on
    /// drift the labelled files may not contain.
    /// </summary>
    public static IReadOnlyList<SkabRecording> NormalSegments(string path, int segmentRows)
    {
        if (segmentRows < 2) throw new ArgumentException($"a normal segment needs at least 2 rows, got {segmentRows}");
        if (!File.Exists(path)) throw new FileNotFoundException($"normal recording '{path}' not found", path);
        var all = new Lazy<SensorTable>(() => SensorDataReader.Read(path, new DataReadOptions()));
        int rows = CountRows(path);
        var segments = new List<SkabRecording>();
        string stem = Path.GetFileNameWithoutExtension(path);
        for (int start = 0; start + segmentRows <= rows; start += segmentRows)
        {
            int s = start;
            segments.Add(new SkabRecording($"{stem}[{s}:{s + segmentRows}]", "normal", normalOnly: true, o =>
            {
                var table = all.Value;
                if (o.Columns is { } columns) table = table.SelectChannels(columns);
                var slice = table.Slice(s, s + segmentRows);
                return new SensorTable(slice.Channels, slice.Values, slice.Timestamps, new float[segmentRows], slice.Source);
            }));
        }
        if (segments.Count == 0) throw new InputException(path, $"fewer than {segmentRows} rows, no normal segment");
        return segments;
    }

    private static int CountRows(string path)
    {
        int lines = 0;
        using var reader = new StreamReader(path);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) lines++;
        return Math.Max(0, lines - 1);
    }
}
