using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Plant;

/// <summary>How the board speaks to the plant: Sparkplug B (protobuf, births/deaths, aliases) or plain JSON topics.</summary>
public enum PlantProtocol { SparkplugB, Json }

/// <summary>Section <c>Mqtt</c>: the broker, identity, security, telemetry and the store-and-forward bound.</summary>
public sealed class MqttOptions
{
    /// <summary>Off by default: a board speaks to the plant only when told where the broker is.</summary>
    public bool Enabled { get; set; }

    /// <summary>mqtt://host[:1883] or mqtts://host[:8883] (TLS).</summary>
    public string Broker { get; set; } = "";

    public PlantProtocol Protocol { get; set; } = PlantProtocol.SparkplugB;

    /// <summary>Sparkplug group id (JSON mode: the second topic level).</summary>
    public string Group { get; set; } = "edgeae";

    /// <summary>Edge node id; empty = the host name.</summary>
    public string Node { get; set; } = "";

    /// <summary>Sparkplug device id of the detector under the node.</summary>
    public string Device { get; set; } = "detector";

    /// <summary>MQTT client id; empty = edgeae-&lt;node&gt;.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>JSON mode: first topic level (&lt;prefix&gt;/&lt;group&gt;/&lt;node&gt;/events|telemetry|status|cmd).</summary>
    public string TopicPrefix { get; set; } = "edgeae";

    public string Username { get; set; } = "";

    /// <summary>File holding the password (first line); never the password itself in configuration.</summary>
    public string PasswordFile { get; set; } = "";

    /// <summary>PEM CA certificate(s) the broker's certificate must chain to; empty = the system trust store.</summary>
    public string CaFile { get; set; } = "";

    /// <summary>PEM client certificate and key (brokers that authenticate boards by certificate).</summary>
    public string ClientCertFile { get; set; } = "";
    public string ClientKeyFile { get; set; } = "";

    /// <summary>QoS of telemetry (0 or 1). Events always go at QoS 1: the outbox advances only on the broker's PUBACK.</summary>
    [Range(0, 1)]
    public int Qos { get; set; } = 1;

    /// <summary>Seconds between telemetry samples (sampled also while the broker is away, into the backlog).</summary>
    [Range(0.1, 86400)]
    public double TelemetrySeconds { get; set; } = 10;

    /// <summary>Bound of the backlog (telemetry in memory + unsent events on disk): over it the oldest telemetry is dropped; events never are.</summary>
    [Range(4096d, 1e12)]
    public long MaxBacklogBytes { get; set; } = 4 << 20;

    /// <summary>Reconnect backoff: doubles from the minimum to the maximum (± 20 % jitter).</summary>
    [Range(0.05, 3600)]
    public double ReconnectMinSeconds { get; set; } = 1;
    [Range(0.05, 3600)]
    public double ReconnectMaxSeconds { get; set; } = 60;

    [Range(5, 3600)]
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>Take commands (acknowledge, re-commission, deploy); only ever over an authenticated connection.</summary>
    public bool Commands { get; set; } = true;

    [ValidateObjectMembers]
    public MqttDeployOptions Deploy { get; set; } = new();
}

/// <summary>Section <c>Mqtt:Deploy</c>: who may send this board a model.</summary>
public sealed class MqttDeployOptions
{
    /// <summary>PEM public keys (P-256) whose signatures the board accepts; none = deploy refused.</summary>
    public string[] TrustedKeys { get; set; } = [];

    /// <summary>Largest bundle accepted (download or chunks).</summary>
    [Range(1024d, 1e10)]
    public long MaxBytes { get; set; } = 64 << 20;

    [Range(1, 3600)]
    public double DownloadTimeoutSeconds { get; set; } = 120;
}
