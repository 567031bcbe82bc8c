using System.Net.Sockets;
using System.Text;

namespace EdgeAE.Device.Tests.Support;

/// <summary>
/// HTTP over a plain socket for the daemon's hand-written servers (dashboard, /metrics): exact bytes
/// in, everything the server wrote out, so malformed and oversized requests can be sent at all.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends raw bytes, returns everything the server wrote before it closed.</summary>
    public static string Raw(int port, string request)
    {
        using var client = new TcpClient("127.0.0.1", port);
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes(request));
        stream.ReadTimeout = 10_000;
        using var all = new MemoryStream();
        stream.CopyTo(all);
        return Encoding.UTF8.GetString(all.ToArray());
    }

    /// <summary>Sends Latin-1 bytes (non-ASCII on purpose, or a head cut short) and closes the sending side, as a client that is done.</summary>
    public static string SendAndHalfClose(int port, string request)
    {
        using var client = new TcpClient("127.0.0.1", port);
        var stream = client.GetStream();
        stream.Write(Encoding.Latin1.GetBytes(request));
        client.Client.Shutdown(SocketShutdown.Send);
        stream.ReadTimeout = 10_000;
        using var all = new MemoryStream();
        stream.CopyTo(all);
        return Encoding.UTF8.GetString(all.ToArray());
    }

    public static string Get(int port, string path, string headers = "") => Raw(port, $"GET {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n");

    public static string Post(int port, string path, string headers = "") => Raw(port, $"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n{headers}\r\n");

    public static int Status(string response) => int.Parse(response.Split(' ')[1]);

    public static string Body(string response) => response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    /// <summary>One header's value from a response ("" when absent).</summary>
    public static string Header(string response, string name)
    {
        foreach (var line in response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n").Skip(1))
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) return line[(name.Length + 1)..].Trim();
        return "";
    }
}
