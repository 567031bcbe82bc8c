using System.Net.Sockets;

namespace EdgeAE.Device.Http;

/// <summary>
/// The accept loop of the daemon's two small HTTP servers (/metrics, the dashboard): each connection
/// is served on a pool task of its own, never on the scoring thread, until the listener stops.
/// </summary>
internal static class TcpAcceptLoop
{
    /// <summary>
    /// Accepts until <paramref name="stop"/> fires (which stops the listener). A connection that
    /// <paramref name="admit"/> turns down is closed at once, not queued.
    /// </summary>
    public static async Task RunAsync(TcpListener listener, Func<bool> admit, Func<TcpClient, CancellationToken, Task> serve, CancellationToken stop)
    {
        using var registration = stop.Register(listener.Stop);
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }
            if (!admit())
            {
                client.Dispose();
                continue;
            }
            _ = Task.Run(() => serve(client, stop), stop);
        }
    }
}
