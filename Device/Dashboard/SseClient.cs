using System.Threading.Channels;

namespace EdgeAE.Device.Dashboard;

/// <summary>
/// One browser on the live stream. Frames wait in a short queue; a client whose queue is full (its
/// network or browser does not keep up) is dropped rather than let it hold memory or the broadcaster.
/// </summary>
public sealed class SseClient : IDisposable
{
    /// <summary>About four seconds of frames.</summary>
    public const int QueueFrames = 16;

    private readonly Channel<byte[]> queue = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(QueueFrames) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly CancellationTokenSource stop;

    public SseClient(string remote, CancellationToken serverStop)
    {
        Remote = remote;
        stop = CancellationTokenSource.CreateLinkedTokenSource(serverStop);
    }

    public string Remote { get; }
    public bool Dropped { get; private set; }
    public CancellationToken Stopping => stop.Token;

    /// <summary>False when the queue is full: the caller drops this client.</summary>
    public bool Offer(byte[] frame) => queue.Writer.TryWrite(frame);

    public void Drop()
    {
        Dropped = true;
        queue.Writer.TryComplete();
        stop.Cancel();
    }

    /// <summary>Writes queued frames until the client goes away or is dropped.</summary>
    public async Task PumpAsync(Stream stream)
    {
        await foreach (var frame in queue.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
        {
            await stream.WriteAsync(frame, stop.Token).ConfigureAwait(false);
            await stream.FlushAsync(stop.Token).ConfigureAwait(false);
        }
    }

    public void Dispose() => stop.Dispose();
}
