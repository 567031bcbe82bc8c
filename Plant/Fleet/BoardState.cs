namespace EdgeAE.Plant.Fleet;

/// <summary>What the fleet view knows about one board, from its births, data and deaths.</summary>
public sealed class BoardState
{
    public string Group { get; set; } = "";
    public string Node { get; set; } = "";
    public bool Online { get; set; }
    public string State { get; set; } = "unknown";
    public string Level { get; set; } = "";
    public double? Score { get; set; }
    public long AlarmsToday { get; set; }
    public string ModelHash { get; set; } = "";
    public string ModelVersion { get; set; } = "";
    public string Software { get; set; } = "";
    public long Backlog { get; set; }
    public DateTime LastSeen { get; set; }
    public ulong? BdSeq { get; set; }
    /// <summary>Sparkplug seq values that did not follow their predecessor (lost or reordered messages).</summary>
    public long SeqGaps { get; set; }
    public long LastEventSeq { get; set; }
    public long Messages { get; set; }
}
