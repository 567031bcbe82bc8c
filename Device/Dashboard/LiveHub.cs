using System.Text;
using System.Text.Json;

namespace EdgeAE.Device.Dashboard;

/// <summary>
/// The live stream's fan-out: every tick one snapshot (and any new journal lines) is serialized once
/// and offered to each client; a new client first gets the trace of the last minutes. At most
/// <c>maxClients</c> at once; slow clients are dropped (<see cref="SseClient"/>).
/// </summary>
public sealed class LiveHub(int maxClients)
{
    /// <summary>Five minutes at four points a second.</summary>
    public const int HistoryPoints = 1200;

    private readonly object gate = new();
    private readonly List<SseClient> clients = [];
    private readonly Queue<TracePoint> history = new();

    public int Clients { get { lock (gate) return clients.Count; } }
    public long DroppedClients { get; private set; }

    /// <summary>Registers a client with the trace so far queued; null when the hub is full.</summary>
    public SseClient? Join(string remote, CancellationToken serverStop)
    {
        lock (gate)
        {
            if (clients.Count >= maxClients) return null;
            var client = new SseClient(remote, serverStop);
            client.Offer(Frame("history", JsonSerializer.SerializeToUtf8Bytes(history.ToArray(), DashboardJsonContext.Default.TracePointArray)));
            clients.Add(client);
            return client;
        }
    }

    public void Leave(SseClient client)
    {
        lock (gate) clients.Remove(client);
    }

    public void Publish(LiveSnapshot snapshot, IEnumerable<FeedEntry> journal)
    {
        var frames = new List<byte[]>();
        foreach (var e in journal) frames.Add(Frame("journal", e.Line));
        frames.Add(Frame("live", JsonSerializer.SerializeToUtf8Bytes(snapshot, DashboardJsonContext.Default.LiveSnapshot)));
        lock (gate)
        {
            if (snapshot.Score is { } s)
            {
                history.Enqueue(new TracePoint(snapshot.T, s, snapshot.Warning, snapshot.Alarm));
                if (history.Count > HistoryPoints) history.Dequeue();
            }
            for (int i = clients.Count - 1; i >= 0; i--)
            {
                var c = clients[i];
                if (frames.All(c.Offer)) continue;
                c.Drop();
                clients.RemoveAt(i);
                DroppedClients++;
            }
        }
    }

    /// <summary>An SSE frame: one event name and one data line (the JSON is written without newlines).</summary>
    public static byte[] Frame(string name, ReadOnlySpan<byte> json)
    {
        var head = Encoding.ASCII.GetBytes($"event: {name}\ndata: ");
        var frame = new byte[head.Length + json.Length + 2];
        head.CopyTo(frame, 0);
        json.CopyTo(frame.AsSpan(head.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
