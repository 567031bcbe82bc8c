namespace EdgeAE.Plant.Json;

/// <summary>
/// JSON mode topics for simple consumers: <c>&lt;prefix&gt;/&lt;group&gt;/&lt;node&gt;/events</c> (one journal line
/// per message, with its seq), <c>…/telemetry</c>, <c>…/status</c> (retained; the will says offline),
/// <c>…/cmd</c> (commands to the board).
/// </summary>
public sealed record JsonTopics(string Prefix, string Group, string Node)
{
    public string Base => $"{Prefix}/{Group}/{Node}";
    public string Events => Base + "/events";
    public string Telemetry => Base + "/telemetry";
    public string Status => Base + "/status";
    public string Command => Base + "/cmd";

    public static string GroupFilter(string prefix, string? group) => $"{prefix}/{group ?? "+"}/+/+";

    /// <summary>Splits <c>prefix/group/node/leaf</c>.</summary>
    public static bool TryParse(string prefix, string topic, out string group, out string node, out string leaf)
    {
        group = node = leaf = "";
        if (!topic.StartsWith(prefix + "/", StringComparison.Ordinal)) return false;
        var parts = topic[(prefix.Length + 1)..].Split('/');
        if (parts.Length != 3) return false;
        (group, node, leaf) = (parts[0], parts[1], parts[2]);
        return true;
    }
}
