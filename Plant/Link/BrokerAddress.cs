namespace EdgeAE.Plant.Link;

/// <summary>
/// A broker URL: <c>mqtt://host[:1883]</c> (plain TCP) or <c>mqtts://host[:8883]</c> (TLS). The
/// scheme decides TLS so a configuration cannot say "TLS" in one key and "plain" in another.
/// </summary>
public sealed record BrokerAddress(string Host, int Port, bool Tls)
{
    public static BrokerAddress Parse(string url) =>
        TryParse(url, out var a, out var problem) ? a! : throw new FormatException(problem);

    public static bool TryParse(string url, out BrokerAddress? address, out string? problem)
    {
        address = null;
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            problem = $"'{url}' is not a broker URL (expected mqtt://host:port or mqtts://host:port)";
            return false;
        }
        bool tls;
        switch (uri.Scheme)
        {
            case "mqtt" or "tcp": tls = false; break;
            case "mqtts" or "ssl" or "tls": tls = true; break;
            default:
                problem = $"'{url}': scheme '{uri.Scheme}' is not mqtt:// or mqtts://";
                return false;
        }
        int port = uri.IsDefaultPort || uri.Port <= 0 ? (tls ? 8883 : 1883) : uri.Port;
        address = new BrokerAddress(uri.Host, port, tls);
        return true;
    }

    public override string ToString() => $"{(Tls ? "mqtts" : "mqtt")}://{Host}:{Port}";
}
