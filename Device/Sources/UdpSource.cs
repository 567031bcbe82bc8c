using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Sources;

/// <summary>
/// Frames in UDP datagrams: CSV text (one or more lines) or raw little-endian float32 (one or more
/// whole frames). Bound to loopback unless configured otherwise.
/// </summary>
public sealed class UdpSource : LineSourceBase
{
    private readonly UdpOptions options;
    private readonly Socket socket;
    private readonly ILogger logger;
    private long badDatagrams;

    public UdpSource(UdpOptions options, IReadOnlyList<string> channels, ILogger logger, StreamClock clock) : base(channels, logger, clock)
    {
        this.options = options;
        this.logger = logger;
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        if (IPAddress.Parse(options.Bind).AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.Dispose();
            socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        }
        socket.Bind(new IPEndPoint(IPAddress.Parse(options.Bind), options.Port));
        socket.ReceiveTimeout = 200;
        socket.ReceiveBufferSize = 1 << 20;
    }

    public override string Description => $"udp: {options.Format} datagrams on {LocalEndPoint}, {Channels.Count} channels";
    public override bool IsFinite => false;
    public EndPoint? LocalEndPoint => socket.LocalEndPoint;

    public override void Run(IFrameWriter writer, CancellationToken cancellation)
    {
        var buffer = new byte[65536];
        var chars = new char[65536];
        int frameBytes = 4 * Channels.Count;
        while (!cancellation.IsCancellationRequested)
        {
            int n;
            try
            {
                n = socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            if (options.Format == UdpFormat.Float32)
            {
                if (n == 0 || n % frameBytes != 0)
                {
                    if (++badDatagrams % 1000 == 1)
                        logger.LogWarning("udp: a {Bytes}-byte datagram is not whole {Channels}-channel float32 frames ({Count} bad so far)", n, Channels.Count, badDatagrams);
                    continue;
                }
                var now = Clock.Now;
                var floats = MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, n));
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
                for (int f = 0; f < floats.Length; f += Channels.Count)
                    if (!writer.Write(now, floats.Slice(f, Channels.Count))) return;
            }
            else
            {
                int len = Encoding.UTF8.GetChars(buffer, 0, n, chars, 0);
                var text = chars.AsSpan(0, len);
                foreach (var range in text.Split('\n'))
                    if (!Deliver(text[range], writer)) return;
            }
        }
    }

    public override void Dispose() => socket.Dispose();
}
