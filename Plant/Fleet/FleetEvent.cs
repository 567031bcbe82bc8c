namespace EdgeAE.Plant.Fleet;

/// <summary>A journal event of one board as the fleet received it (duplicates already dropped by seq).</summary>
public sealed record FleetEvent(string Group, string Node, long Seq, string Kind, string Json);
