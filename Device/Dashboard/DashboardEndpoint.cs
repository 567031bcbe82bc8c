using System.Globalization;
using System.Net;

namespace EdgeAE.Device.Dashboard;

/// <summary>The address and port of Dashboard:Url (http only: TLS on a board's LAN page is left to a reverse proxy).</summary>
public sealed class DashboardEndpoint(IPAddress address, int port)
{
    public IPAddress Address { get; } = address;
    public int Port { get; } = port;

    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>Null when <paramref name="url"/> is usable, else the problem in the user's terms.</summary>
    public static string? Parse(string url, out DashboardEndpoint? endpoint)
    {
        endpoint = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            return $"'{url}' is not an http:// address (e.g. http://127.0.0.1:8088)";
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
            return $"'{url}' has a path; give only http://IP:port";
        string host = uri.Host.Trim('[', ']');
        IPAddress? address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var ip) ? ip : null;
        if (address is null)
            return $"'{uri.Host}' is not an IP address (use 127.0.0.1, 0.0.0.0 or the board's address)";
        endpoint = new DashboardEndpoint(address, uri.Port);
        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"http://{(Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{Port}/");
}
