namespace EdgeAE.Plant.Commands;

/// <summary>
/// A command to one board: <c>acknowledge</c> (release latched alarm outputs), <c>recommission</c>
/// (collect normal scores again and recalibrate), <c>relearn</c> (record and learn a new model on the board), <c>rebirth</c> (Sparkplug: send the births again) or
/// <c>deploy</c> (a new bundle from <see cref="Url"/> or in chunks, with its SHA-256 and signature).
/// In Sparkplug mode it travels as NCMD metrics, in JSON mode as this object on the command topic.
/// </summary>
public sealed class PlantCommand
{
    public const string AcknowledgeName = "acknowledge";
    public const string RecommissionName = "recommission";
    public const string RebirthName = "rebirth";
    public const string DeployName = "deploy";
    /// <summary>Learn a new model on the board from a new recording while the armed one keeps scoring (Model:Learn).</summary>
    public const string RelearnName = "relearn";

    public string Command { get; set; } = "";

    /// <summary>deploy: an id chosen by the sender; the board's journal entries about the deploy name it.</summary>
    public string? Id { get; set; }
    /// <summary>deploy: where the board downloads the bundle (http/https); absent for a chunked deploy.</summary>
    public string? Url { get; set; }
    /// <summary>deploy: total size in bytes (bounds the download and the chunk assembly).</summary>
    public long? Size { get; set; }
    public string? Sha256 { get; set; }
    /// <summary>deploy: the detached signature (<see cref="Signing.BundleSignature"/>) as written by <c>edgeae sign</c>.</summary>
    public Signing.BundleSignature? Signature { get; set; }
    /// <summary>chunked deploy: this chunk's index (0-based) and the number of chunks.</summary>
    public int? Index { get; set; }
    public int? Count { get; set; }
    /// <summary>chunked deploy in JSON mode: the chunk, base64. Sparkplug mode carries it in a Bytes metric.</summary>
    public string? Data { get; set; }
}
