namespace EdgeAE.Plant.Json;

/// <summary>JSON mode: the retained status message of a board (<c>online</c> at connect, <c>offline</c> as the will).</summary>
public sealed class NodeStatus
{
    public string Node { get; set; } = "";
    public bool Online { get; set; }
    public DateTime At { get; set; }
    public string? Software { get; set; }
}
