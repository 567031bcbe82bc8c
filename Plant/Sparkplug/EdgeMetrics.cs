namespace EdgeAE.Plant.Sparkplug;

/// <summary>
/// The metrics an EdgeAE edge node announces in its births, with fixed aliases. Births carry name
/// and alias; DDATA carries only the alias, so hosts must read the births (the fleet view asks for a
/// rebirth when it sees data from a node whose birth it missed). Per-channel contributions get
/// aliases from <see cref="ContributionAliasBase"/> on, in the model's channel order.
/// </summary>
public static class EdgeMetrics
{
    // Node (NBIRTH / NDEATH / NCMD).
    public const string BdSeq = "bdSeq";
    public const string Rebirth = "Node Control/Rebirth";
    public const string Software = "Properties/Software";
    public const string Acknowledge = "EdgeAE/Acknowledge";
    public const string Recommission = "EdgeAE/Recommission";
    public const string Relearn = "EdgeAE/Relearn";
    /// <summary>A deploy command: JSON (<see cref="Commands.PlantCommand"/>), with the chunk bytes in <see cref="DeployChunk"/>.</summary>
    public const string Deploy = "EdgeAE/Deploy";
    public const string DeployChunk = "EdgeAE/Deploy/Chunk";

    // Device (DBIRTH / DDATA).
    public const string State = "State";
    public const string Score = "Score";
    public const string Level = "Level";
    public const string ModelHash = "Model/Hash";
    public const string ModelVersion = "Model/Version";
    public const string FramesIn = "Health/FramesIn";
    public const string FramesDropped = "Health/FramesDropped";
    public const string FramesRejected = "Health/FramesRejected";
    public const string WindowsScored = "Health/WindowsScored";
    public const string SensorFaults = "Health/SensorFaults";
    public const string AlarmsToday = "Alarms/Today";
    public const string Backlog = "Outbox/Backlog";
    public const string EventSeq = "Event/Seq";
    public const string EventKind = "Event/Kind";
    public const string EventJson = "Event/Json";
    public const string ContributionPrefix = "Contribution/";

    public const ulong ContributionAliasBase = 1000;

    private static readonly (string Name, ulong Alias)[] Fixed =
    [
        (BdSeq, 1), (Rebirth, 2), (Software, 3), (Acknowledge, 4), (Recommission, 5), (Deploy, 6), (DeployChunk, 7), (Relearn, 8),
        (State, 20), (Score, 21), (Level, 22), (ModelHash, 23), (ModelVersion, 24),
        (FramesIn, 30), (FramesDropped, 31), (FramesRejected, 32), (WindowsScored, 33), (SensorFaults, 34),
        (AlarmsToday, 40), (Backlog, 41),
        (EventSeq, 50), (EventKind, 51), (EventJson, 52),
    ];

    public static ulong AliasOf(string name)
    {
        foreach (var (n, a) in Fixed)
            if (n == name) return a;
        throw new ArgumentException($"'{name}' is not an EdgeAE metric", nameof(name));
    }

    /// <summary>The name behind one of the fixed aliases (null for others), for hosts that join after the births.</summary>
    public static string? NameOf(ulong alias)
    {
        foreach (var (n, a) in Fixed)
            if (a == alias) return n;
        return null;
    }

    public static ulong ContributionAlias(int channel) => ContributionAliasBase + (ulong)channel;
}
