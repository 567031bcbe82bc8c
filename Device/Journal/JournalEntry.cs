namespace EdgeAE.Device.Journal;

/// <summary>One line of the event journal. Unused fields stay null and are not written.</summary>
public sealed class JournalEntry
{
    public long Seq { get; set; }
    public DateTime At { get; set; }
    /// <summary>raised | escalated | cleared | sensor-fault | sensor-ok | drift | drift-cleared | model-reloaded | model-rejected | commissioned | started | stopped</summary>
    public string Kind { get; set; } = "";
    public string? Level { get; set; }
    public string? Previous { get; set; }
    public DateTime? EpisodeStart { get; set; }
    public double? DurationSeconds { get; set; }
    public double? PeakScore { get; set; }
    public long? Windows { get; set; }
    public string[]? Top { get; set; }
    public string? Sensor { get; set; }
    public string? Fault { get; set; }
    public string? Model { get; set; }
    /// <summary>drift: the channel whose input moved, "up" or "down", and by how many reference standard deviations.</summary>
    public string? Channel { get; set; }
    public string? Direction { get; set; }
    public double? Shift { get; set; }
    public string? Message { get; set; }
}
