using System.Net.Sockets;
using System.Text;

namespace EdgeAE.Device.Tests.Support;

/// <summary>A datagram socket standing in for systemd's $NOTIFY_SOCKET, in a test directory.</summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly byte[] buffer = new byte[512];

    public NotifySocket(string directory, TimeSpan receiveTimeout)
    {
        Path = System.IO.Path.Combine(directory, "notify.sock");
        socket.Bind(new UnixDomainSocketEndPoint(Path));
        socket.ReceiveTimeout = (int)receiveTimeout.TotalMilliseconds;
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string Path { get; }

    /// <summary>The next datagram's text; throws SocketException after the receive timeout.</summary>
    public string Receive() => Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));

    /// <summary>Reads datagrams until one carries the line <paramref name="state"/>; false on timeout.</summary>
    public bool ReceiveUntil(string state)
    {
        try
        {
            while (true)
                if (Receive().Split('\n').Contains(state)) return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => socket.Dispose();
}
