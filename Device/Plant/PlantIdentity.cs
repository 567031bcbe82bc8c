using EdgeAE.Plant.Link;

namespace EdgeAE.Device.Plant;

/// <summary>Who this board is on the broker, from the <c>Mqtt</c> section (defaults: host name, edgeae-&lt;node&gt;).</summary>
public static class PlantIdentity
{
    public static string NodeId(MqttOptions m) => string.IsNullOrWhiteSpace(m.Node) ? Sanitize(Environment.MachineName) : m.Node;

    public static string ClientId(MqttOptions m) => string.IsNullOrWhiteSpace(m.ClientId) ? "edgeae-" + NodeId(m) : m.ClientId;

    public static string Software => $"edgeae-device {typeof(PlantIdentity).Assembly.GetName().Version?.ToString(3)}";

    /// <summary>The connection settings, with the password read from its file (first line).</summary>
    public static LinkSettings Link(MqttOptions m) => new()
    {
        Broker = BrokerAddress.Parse(m.Broker),
        ClientId = ClientId(m),
        Username = string.IsNullOrEmpty(m.Username) ? null : m.Username,
        Password = string.IsNullOrEmpty(m.PasswordFile) ? null : File.ReadLines(m.PasswordFile).FirstOrDefault()?.TrimEnd('\r') ?? "",
        CaFile = NullIfEmpty(m.CaFile),
        ClientCertFile = NullIfEmpty(m.ClientCertFile),
        ClientKeyFile = NullIfEmpty(m.ClientKeyFile),
        KeepAlive = TimeSpan.FromSeconds(m.KeepAliveSeconds),
    };

    private static string? NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;

    private static string Sanitize(string host)
    {
        var chars = host.Select(c => c is '/' or '+' or '#' or ' ' ? '-' : c).ToArray();
        return chars.Length == 0 ? "edgeae" : new string(chars);
    }
}
