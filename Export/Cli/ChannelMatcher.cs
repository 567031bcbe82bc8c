using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Cli;

/// <summary>Puts a table's channels in the bundle's order when the names allow it; otherwise requires the counts to agree.</summary>
public static class ChannelMatcher
{
    public static SensorTable Match(SensorTable table, BundleManifest manifest)
    {
        if (table.Channels.SequenceEqual(manifest.Channels)) return table;
        bool allNamed = manifest.Channels.All(c => table.Channels.Contains(c));
        if (allNamed)
        {
            int[] idx = manifest.Channels.Select(c => Array.IndexOf(table.Channels, c)).ToArray();
            var values = new float[table.Rows * idx.Length];
            for (int r = 0; r < table.Rows; r++)
                for (int j = 0; j < idx.Length; j++)
                    values[r * idx.Length + j] = table.Values[r * table.ChannelCount + idx[j]];
            return new SensorTable(manifest.Channels, values, table.Timestamps, table.Labels, table.Source);
        }
        if (table.ChannelCount != manifest.ChannelCount)
            throw new FormatException($"{table.Source}: {table.ChannelCount} channels [{string.Join(", ", table.Channels)}], the bundle expects {manifest.ChannelCount} [{string.Join(", ", manifest.Channels)}]");
        return table;
    }
}
