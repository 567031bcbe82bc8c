using System.Text.Json;
using EdgeAE.Plant.Json;
using EdgeAE.Plant.Sparkplug;
using EdgeAE.Plant.Sparkplug.Proto;
using Google.Protobuf;
using Metric = EdgeAE.Plant.Sparkplug.Proto.Payload.Types.Metric;

namespace EdgeAE.Plant.Fleet;

/// <summary>
/// The plant's picture of its boards, built from what the broker delivers: Sparkplug births (which
/// map aliases to metric names), DDATA (telemetry and journal events, de-duplicated by journal seq),
/// deaths; or the JSON topics. Single-threaded: feed it from one receive loop.
/// </summary>
public sealed class FleetView
{
    private readonly Dictionary<(string, string), BoardState> boards = new();
    private readonly Dictionary<(string, string), Dictionary<ulong, string>> aliases = new();
    private readonly Dictionary<(string, string), ulong> lastSeq = new();
    private readonly Dictionary<(string, string), DateTime> rebirthAsked = new();
    private readonly string jsonPrefix;

    public FleetView(string jsonPrefix = "edgeae") => this.jsonPrefix = jsonPrefix;

    /// <summary>Called with (group, node) when data arrives from a board whose birth this view missed.</summary>
    public Action<string, string>? RebirthNeeded { get; set; }

    public Action<FleetEvent>? EventReceived { get; set; }

    /// <summary>Publish-to-receive latencies of live (not historical) DDATA telemetry, in milliseconds.</summary>
    public List<double> LatenciesMs { get; } = new();

    public long MessagesReceived { get; private set; }

    public IReadOnlyCollection<BoardState> Boards => boards.Values;

    public void OnMessage(string topic, ReadOnlySpan<byte> payload, DateTime receivedUtc)
    {
        MessagesReceived++;
        if (SparkplugTopic.TryParse(topic, out var t)) OnSparkplug(t, payload, receivedUtc);
        else if (JsonTopics.TryParse(jsonPrefix, topic, out var group, out var node, out var leaf)) OnJson(group, node, leaf, payload, receivedUtc);
    }

    private BoardState Board(string group, string node)
    {
        if (!boards.TryGetValue((group, node), out var b))
            boards[(group, node)] = b = new BoardState { Group = group, Node = node };
        return b;
    }

    private void OnSparkplug(SparkplugTopic t, ReadOnlySpan<byte> bytes, DateTime received)
    {
        Payload p;
        try
        {
            p = Payload.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return;
        }
        var key = (t.Group, t.Node);
        var b = Board(t.Group, t.Node);
        b.Messages++;
        if (t.Type is SparkplugMessageType.NCMD or SparkplugMessageType.DCMD) return;
        b.LastSeen = received;
        if (t.Type != SparkplugMessageType.NDEATH && p.HasSeq)
        {
            if (t.Type != SparkplugMessageType.NBIRTH && lastSeq.TryGetValue(key, out var prev) && !SequenceCounter.Follows(prev, p.Seq)) b.SeqGaps++;
            lastSeq[key] = p.Seq;
        }
        switch (t.Type)
        {
            case SparkplugMessageType.NBIRTH:
                aliases[key] = new Dictionary<ulong, string>();
                b.Online = true;
                if (b.State is "unknown" or "offline") b.State = "online";
                Remember(key, p.Metrics);
                b.BdSeq = Find(p, EdgeMetrics.BdSeq)?.LongValue;
                b.Software = Find(p, EdgeMetrics.Software)?.StringValue ?? b.Software;
                break;
            case SparkplugMessageType.NDEATH:
                ulong? death = Find(p, EdgeMetrics.BdSeq)?.LongValue;
                // A death certificate from an older connection must not kill the current session.
                if (death is null || b.BdSeq is null || death == b.BdSeq)
                {
                    b.Online = false;
                    b.State = "offline";
                }
                break;
            case SparkplugMessageType.DBIRTH:
                if (!aliases.ContainsKey(key)) aliases[key] = new Dictionary<ulong, string>();
                Remember(key, p.Metrics);
                Apply(t, b, p, received, birth: true);
                break;
            case SparkplugMessageType.DDEATH:
                b.State = "offline";
                break;
            case SparkplugMessageType.DDATA or SparkplugMessageType.NDATA:
                // Missed the births: ask for them, and meanwhile read EdgeAE's fixed aliases (so no event is lost).
                if (!aliases.TryGetValue(key, out var map)) aliases[key] = map = new Dictionary<ulong, string>();
                if (p.Metrics.Any(m => !m.HasName && !map.ContainsKey(m.Alias))) AskRebirth(key, received);
                Apply(t, b, p, received, birth: false);
                break;
        }
    }

    private void AskRebirth((string Group, string Node) key, DateTime now)
    {
        if (rebirthAsked.TryGetValue(key, out var at) && now - at < TimeSpan.FromSeconds(10)) return;
        rebirthAsked[key] = now;
        RebirthNeeded?.Invoke(key.Group, key.Node);
    }

    private void Remember((string, string) key, IEnumerable<Metric> metrics)
    {
        var map = aliases[key];
        foreach (var m in metrics)
            if (m.HasName && m.HasAlias) map[m.Alias] = m.Name;
    }

    private static Metric? Find(Payload p, string name) => p.Metrics.FirstOrDefault(m => m.Name == name);

    private void Apply(SparkplugTopic t, BoardState b, Payload p, DateTime received, bool birth)
    {
        var map = aliases[(t.Group, t.Node)];
        long? eventSeq = null;
        string? kind = null, json = null;
        bool historical = false, telemetry = false;
        foreach (var m in p.Metrics)
        {
            string name = m.HasName ? m.Name : map.TryGetValue(m.Alias, out var known) ? known : EdgeMetrics.NameOf(m.Alias) ?? "";
            historical |= m.IsHistorical;
            switch (name)
            {
                case EdgeMetrics.EventSeq: eventSeq = (long)m.LongValue; break;
                case EdgeMetrics.EventKind: kind = m.StringValue; break;
                case EdgeMetrics.EventJson: json = m.StringValue; break;
                case EdgeMetrics.State: b.State = m.StringValue; telemetry = true; break;
                case EdgeMetrics.Score: b.Score = m.IsNull ? null : MetricValues.AsDouble(m); break;
                case EdgeMetrics.Level: b.Level = m.StringValue; break;
                case EdgeMetrics.ModelHash: b.ModelHash = m.StringValue; break;
                case EdgeMetrics.ModelVersion: b.ModelVersion = m.StringValue; break;
                case EdgeMetrics.AlarmsToday: b.AlarmsToday = (long)m.LongValue; break;
                case EdgeMetrics.Backlog: b.Backlog = (long)m.LongValue; break;
            }
        }
        if (telemetry && !birth && !historical && p.HasTimestamp)
            LatenciesMs.Add((received - MetricValues.FromMillis(p.Timestamp).UtcDateTime).TotalMilliseconds);
        if (!birth && eventSeq is { } seq && seq > 0) OnEvent(b, seq, kind ?? "", json ?? "");
    }

    private void OnEvent(BoardState b, long seq, string kind, string json)
    {
        // At-least-once delivery: a board re-sends after a crash; the journal seq makes that harmless.
        if (seq <= b.LastEventSeq) return;
        b.LastEventSeq = seq;
        EventReceived?.Invoke(new FleetEvent(b.Group, b.Node, seq, kind, json));
    }

    private void OnJson(string group, string node, string leaf, ReadOnlySpan<byte> payload, DateTime received)
    {
        var b = Board(group, node);
        b.Messages++;
        try
        {
            switch (leaf)
            {
                case "status":
                    var status = JsonSerializer.Deserialize(payload, PlantJsonContext.Default.NodeStatus);
                    if (status is null) return;
                    b.Online = status.Online;
                    b.Software = status.Software ?? b.Software;
                    if (!status.Online) b.State = "offline";
                    else if (b.State is "unknown" or "offline") b.State = "online";
                    break;
                case "telemetry":
                    var s = JsonSerializer.Deserialize(payload, PlantJsonContext.Default.TelemetrySample);
                    if (s is null) return;
                    (b.State, b.Score, b.Level, b.ModelHash, b.ModelVersion, b.AlarmsToday, b.Backlog) =
                        (s.State, s.Score, s.Level, s.ModelHash, s.ModelVersion, s.AlarmsToday, s.Backlog);
                    LatenciesMs.Add((received - DateTime.SpecifyKind(s.At, DateTimeKind.Utc)).TotalMilliseconds);
                    break;
                case "events":
                    using (var doc = JsonDocument.Parse(payload.ToArray()))
                    {
                        var root = doc.RootElement;
                        if (root.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out long n))
                            OnEvent(b, n, root.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "", root.GetRawText());
                    }
                    break;
                default:
                    return;
            }
            b.LastSeen = received;
        }
        catch (JsonException)
        {
        }
    }
}
