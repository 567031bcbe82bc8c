using System.ComponentModel.DataAnnotations;

namespace EdgeAE.Device.Options;

public sealed class JournalOptions
{
    /// <summary>Folder of the event journal; empty = &lt;state dir&gt;/journal.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Rotate the active file when it reaches this size.</summary>
    [Range(4096d, 1e12)]
    public long MaxBytes { get; set; } = 8 << 20;

    /// <summary>Rotated files kept besides the active one.</summary>
    [Range(0, 1000)]
    public int Keep { get; set; } = 5;

    /// <summary>fsync every event (a power cut loses nothing that was reported).</summary>
    public bool Fsync { get; set; } = true;

    /// <summary>Print "journaled &lt;seq&gt;" on stdout once an event is durable (used by tests and scripts).</summary>
    public bool Acknowledge { get; set; }
}
