using System.Net.Sockets;
using System.Text;

namespace EdgeAE.Device.Hosting;

/// <summary>Sends sd_notify datagrams to $NOTIFY_SOCKET (a path, or '@' for the abstract namespace).</summary>
public sealed class SdNotify : IDisposable
{
    private readonly Socket socket;
    private readonly UnixDomainSocketEndPoint endpoint;

    private SdNotify(string path)
    {
        // '@' marks a Linux abstract socket; the kernel name starts with a NUL byte instead.
        endpoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>Null when not started by systemd with a notify socket.</summary>
    public static SdNotify? FromEnvironment() =>
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 } path ? new SdNotify(path) : null;

    public void Send(string state) => socket.SendTo(Encoding.UTF8.GetBytes(state), endpoint);

    public void Dispose() => socket.Dispose();
}
