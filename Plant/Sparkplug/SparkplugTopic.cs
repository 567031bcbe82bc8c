namespace EdgeAE.Plant.Sparkplug;

/// <summary>
/// A Sparkplug B topic: <c>spBv1.0/&lt;group&gt;/&lt;type&gt;/&lt;node&gt;[/&lt;device&gt;]</c>. Node-level types
/// (NBIRTH, NDEATH, NDATA, NCMD) have no device; device-level ones (DBIRTH, DDEATH, DDATA, DCMD) need one.
/// </summary>
public readonly record struct SparkplugTopic(string Group, SparkplugMessageType Type, string Node, string? Device = null)
{
    public const string Namespace = "spBv1.0";

    public static bool IsDeviceLevel(SparkplugMessageType type) =>
        type is SparkplugMessageType.DBIRTH or SparkplugMessageType.DDEATH or SparkplugMessageType.DDATA or SparkplugMessageType.DCMD;

    public override string ToString() => Device is null
        ? $"{Namespace}/{Group}/{Type}/{Node}"
        : $"{Namespace}/{Group}/{Type}/{Node}/{Device}";

    /// <summary>Every topic of one group (or of all groups when <paramref name="group"/> is null).</summary>
    public static string GroupFilter(string? group) => $"{Namespace}/{group ?? "+"}/#";

    public static bool TryParse(string topic, out SparkplugTopic parsed)
    {
        parsed = default;
        var parts = topic.Split('/');
        if (parts.Length is < 4 or > 5 || parts[0] != Namespace) return false;
        if (!Enum.TryParse<SparkplugMessageType>(parts[2], ignoreCase: false, out var type) || !Enum.IsDefined(type)) return false;
        bool device = parts.Length == 5;
        if (device != IsDeviceLevel(type)) return false;
        parsed = new SparkplugTopic(parts[1], type, parts[3], device ? parts[4] : null);
        return true;
    }

    /// <summary>Group, node and device ids are single topic levels: no '/', '+', '#'.</summary>
    public static string? ValidateId(string id) =>
        string.IsNullOrEmpty(id) ? "must not be empty"
        : id.IndexOfAny(['/', '+', '#']) >= 0 ? $"'{id}' must not contain '/', '+' or '#' (it is one MQTT topic level)"
        : null;
}
