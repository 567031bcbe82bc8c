using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Cli;

/// <summary>
/// Puts a table's channels in the bundle's order by name. Mapping by position happens only when asked
/// for (<c>--by-position</c>) or when one side has no names at all (raw .f32 data, or a bundle converted
/// without channel names: c0, c1, …); a table that lacks some of the bundle's channels is refused
/// with the missing ones named, so thresholds are never computed from the wrong columns.
/// </summary>
public static class ChannelMatcher
{
    public static SensorTable Match(SensorTable table, BundleManifest manifest, bool byPosition = false)
    {
        if (table.Channels.SequenceEqual(manifest.Channels)) return table;
        var missing = manifest.Channels.Where(c => !table.Channels.Contains(c)).ToArray();
        if (missing.Length == 0) return table.SelectChannels(manifest.Channels);
        bool unnamed = IsUnnamed(table.Channels) || IsUnnamed(manifest.Channels);
        if ((byPosition || unnamed) && table.ChannelCount == manifest.ChannelCount) return table;
        string have = $"[{string.Join(", ", table.Channels)}]";
        if (table.ChannelCount != manifest.ChannelCount && (byPosition || unnamed))
            throw new InputException(table.Source, $"{table.ChannelCount} channels {have}, the bundle expects {manifest.ChannelCount} [{string.Join(", ", manifest.Channels)}]");
        if (missing.Length == manifest.ChannelCount)
            throw new InputException(table.Source, $"none of its columns {have} is a channel of the bundle [{string.Join(", ", manifest.Channels)}]; rename the columns, pick them with --columns, or map them in order with --by-position");
        throw new InputException(table.Source, $"lacks the bundle's channel{(missing.Length == 1 ? "" : "s")} {string.Join(", ", missing)} (has {have}); add {(missing.Length == 1 ? "it" : "them")}, or map the columns in order with --by-position");
    }

    /// <summary>c0, c1, …: the names raw float32 data and unnamed conversions get.</summary>
    private static bool IsUnnamed(IReadOnlyList<string> names)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] != $"c{i}") return false;
        return true;
    }
}
