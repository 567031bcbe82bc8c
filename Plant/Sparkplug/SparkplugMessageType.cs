namespace EdgeAE.Plant.Sparkplug;

/// <summary>The message types of a Sparkplug B topic (<c>spBv1.0/group/TYPE/node[/device]</c>).</summary>
public enum SparkplugMessageType
{
    NBIRTH,
    NDEATH,
    DBIRTH,
    DDEATH,
    NDATA,
    DDATA,
    NCMD,
    DCMD,
}
