namespace EdgeAE.Device.Dashboard;

/// <summary>What the technician needs to know about the model scoring now (the full manifest travels beside it).</summary>
public sealed class ModelCard
{
    public string Path { get; set; } = "";
    public string FileSha256 { get; set; } = "";
    public string GraphSha256 { get; set; } = "";
    public string Precision { get; set; } = "";
    public int Window { get; set; }
    public int Hop { get; set; }
    public string[] Channels { get; set; } = [];
    public double? Warning { get; set; }
    public double? Alarm { get; set; }
    public int? RaiseAfter { get; set; }
    public int? ClearAfter { get; set; }
    /// <summary>How the thresholds were set, as a sentence (calibration method, parameters, data, where).</summary>
    public string ThresholdsSetBy { get; set; } = "";
    public string Source { get; set; } = "";
    public string SourceSha256 { get; set; } = "";
    public string ToolVersion { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public string? Quantization { get; set; }
}
