using System.ComponentModel.DataAnnotations;

namespace EdgeAE.Device.Metrics;

/// <summary>Section <c>Metrics</c>: the opt-in Prometheus/OpenMetrics endpoint (GET /metrics).</summary>
public sealed class MetricsOptions
{
    public bool Enabled { get; set; }

    /// <summary>Loopback by default: expose it on the plant network deliberately.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Bind { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 9464;
}
