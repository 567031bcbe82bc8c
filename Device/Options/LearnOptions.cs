using System.ComponentModel.DataAnnotations;
using EdgeAE.Learning;

namespace EdgeAE.Device.Options;

/// <summary>
/// On-board learning (<c>Model:Learn</c>, or <c>--learn</c>): record healthy rows from the daemon's own
/// source, then train, quantize, calibrate and arm a bundle of its own through the hot-reload path.
/// </summary>
public sealed class LearnOptions
{
    public bool Enabled { get; set; }

    /// <summary>Rows to record before training starts.</summary>
    [Range(100, 100_000_000)]
    public long Rows { get; set; } = 20_000;

    /// <summary>Alternatively: training starts once the recorded rows span this much stream time (zero = by rows only).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.Zero;

    /// <summary>The recording never grows past this (rows beyond it are not recorded).</summary>
    [Range(4096, 16L * 1024 * 1024 * 1024)]
    public long MaxRecordingBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Training is refused when its estimated memory (recording, windows, model) exceeds this.</summary>
    [Range(1L * 1024 * 1024, 64L * 1024 * 1024 * 1024)]
    public long MaxTrainingMemoryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A drift event starts a relearn (journaled) when no session is recording or training; off: drift only recommends it.</summary>
    public bool OnDrift { get; set; }

    /// <summary>Where the recording and the learned bundle are kept; empty = &lt;state dir&gt;/learn.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The recipe (architecture, epochs, seed, hold-out, refusal limits, threshold method): stored with the recording, so `edgeae learn --from` reproduces the bundle.</summary>
    public LearnSettings Recipe { get; set; } = new();
}
