namespace EdgeAE.Plant.Link;

/// <summary>How to reach and log in to the broker; shared by the daemon and the workstation tool.</summary>
public sealed class LinkSettings
{
    public required BrokerAddress Broker { get; init; }
    public required string ClientId { get; init; }
    public string? Username { get; init; }
    /// <summary>The password itself (read from a file by the caller, never from the command line or config).</summary>
    public string? Password { get; init; }
    /// <summary>PEM file of the CA(s) that signed the broker's certificate; empty = the system's trust store.</summary>
    public string? CaFile { get; init; }
    /// <summary>PEM client certificate and its key, for brokers that authenticate boards by certificate.</summary>
    public string? ClientCertFile { get; init; }
    public string? ClientKeyFile { get; init; }
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>True when the broker is told who we are (password or client certificate): commands are taken only then.</summary>
    public bool Authenticated => !string.IsNullOrEmpty(Username) && Password is not null || !string.IsNullOrEmpty(ClientCertFile);
}
