using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Cli;

/// <summary>Puts a table's channels in the bundle's order when the names allow it; otherwise requires the counts to agree.</summary>
public static class ChannelMatcher
{
    public static SensorTable Match(SensorTable table, BundleManifest manifest)
    {
        if (table.Channels.SequenceEqual(manifest.Channels)) return table;
        if (manifest.Channels.All(c => table.Channels.Contains(c)))
            return table.SelectChannels(manifest.Channels);
        if (table.ChannelCount != manifest.ChannelCount)
            throw new InputException(table.Source, $"{table.ChannelCount} channels [{string.Join(", ", table.Channels)}], the bundle expects {manifest.ChannelCount} [{string.Join(", ", manifest.Channels)}]");
        return table;
    }
}
