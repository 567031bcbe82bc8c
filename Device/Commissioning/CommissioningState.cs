using System.Text.Json.Serialization;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Device.Commissioning;

/// <summary>Progress of commissioning for one model, persisted so a restart continues where it stopped.</summary>
public sealed class CommissioningState
{
    /// <summary>The model being commissioned (graph hash): state of another model is discarded.</summary>
    public string GraphSha256 { get; set; } = "";
    public DateTime StartedUtc { get; set; }
    /// <summary>Stream time covered by scored windows so far (gaps such as restarts not counted).</summary>
    public double ElapsedSeconds { get; set; }
    /// <summary>Scores stored in the scores file (float32, little-endian).</summary>
    public long Scores { get; set; }
    /// <summary>Median spacing of window ends, for the far method.</summary>
    public double WindowPeriodSeconds { get; set; }
    /// <summary>Set once calibrated: the device is armed with these.</summary>
    public ThresholdSpec? Thresholds { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CommissioningState))]
internal sealed partial class CommissioningJsonContext : JsonSerializerContext;
