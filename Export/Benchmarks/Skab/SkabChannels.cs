using EdgeAE.Runtime;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>Drops named channels from a table (labels and timestamps kept).</summary>
public static class SkabChannels
{
    public static SensorTable Exclude(SensorTable table, IReadOnlyList<string> excluded)
    {
        if (excluded.Count == 0) return table;
        int[] keep = Enumerable.Range(0, table.ChannelCount)
            .Where(c => !excluded.Contains(table.Channels[c], StringComparer.OrdinalIgnoreCase)).ToArray();
        if (keep.Length == table.ChannelCount) return table;
        if (keep.Length == 0) throw new InputException(table.Source, $"excluding {string.Join(", ", excluded)} leaves no channel");
        var values = new float[table.Rows * keep.Length];
        for (int r = 0; r < table.Rows; r++)
            for (int j = 0; j < keep.Length; j++)
                values[r * keep.Length + j] = table.Values[r * table.ChannelCount + keep[j]];
        return new SensorTable(keep.Select(c => table.Channels[c]).ToArray(), values, table.Timestamps, table.Labels, table.Source);
    }
}
