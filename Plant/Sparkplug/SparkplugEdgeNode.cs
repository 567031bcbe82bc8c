using EdgeAE.Plant.Sparkplug.Proto;
using Google.Protobuf;
using Metric = EdgeAE.Plant.Sparkplug.Proto.Payload.Types.Metric;

namespace EdgeAE.Plant.Sparkplug;

/// <summary>
/// Builds the payloads of one Sparkplug B edge node with one device: the death certificate (bdSeq
/// only, registered as the MQTT will), NBIRTH (seq 0, bdSeq, rebirth control), DBIRTH (every device
/// metric with name and alias), DDATA (aliases only) and DDEATH. Every payload except NDEATH takes
/// the next <see cref="SequenceCounter"/> value, so build them in the order they are published.
/// </summary>
public sealed class SparkplugEdgeNode
{
    private readonly SequenceCounter seq = new();
    private string[] birthChannels = [];

    public SparkplugEdgeNode(string group, string node, string device)
    {
        Group = group;
        Node = node;
        Device = device;
    }

    public string Group { get; }
    public string Node { get; }
    public string Device { get; }

    /// <summary>The channels announced in the last DBIRTH; a sample with other channels needs a new DBIRTH.</summary>
    public IReadOnlyList<string> BirthChannels => birthChannels;

    public string Topic(SparkplugMessageType type) =>
        new SparkplugTopic(Group, type, Node, SparkplugTopic.IsDeviceLevel(type) ? Device : null).ToString();

    /// <summary>NDEATH: the will registered at connect, so the broker announces the node's death for it.</summary>
    public static byte[] Death(ulong bdSeq, DateTimeOffset now)
    {
        var p = new Payload { Timestamp = MetricValues.Millis(now) };
        p.Metrics.Add(MetricValues.UInt64(EdgeMetrics.BdSeq, EdgeMetrics.AliasOf(EdgeMetrics.BdSeq), bdSeq, p.Timestamp, withName: true));
        return p.ToByteArray();
    }

    /// <summary>NBIRTH: starts a new sequence (seq 0) and carries the bdSeq of this connection's will.</summary>
    public byte[] NodeBirth(ulong bdSeq, string software, DateTimeOffset now)
    {
        seq.Reset();
        var p = NewPayload(now);
        ulong ts = p.Timestamp;
        p.Metrics.Add(MetricValues.UInt64(EdgeMetrics.BdSeq, EdgeMetrics.AliasOf(EdgeMetrics.BdSeq), bdSeq, ts, true));
        p.Metrics.Add(MetricValues.Bool(EdgeMetrics.Rebirth, EdgeMetrics.AliasOf(EdgeMetrics.Rebirth), false, ts, true));
        p.Metrics.Add(MetricValues.String(EdgeMetrics.Software, EdgeMetrics.AliasOf(EdgeMetrics.Software), software, ts, true));
        // Commands the node accepts, announced so hosts can write them.
        p.Metrics.Add(MetricValues.Bool(EdgeMetrics.Acknowledge, EdgeMetrics.AliasOf(EdgeMetrics.Acknowledge), false, ts, true));
        p.Metrics.Add(MetricValues.Bool(EdgeMetrics.Recommission, EdgeMetrics.AliasOf(EdgeMetrics.Recommission), false, ts, true));
        p.Metrics.Add(MetricValues.Bool(EdgeMetrics.Relearn, EdgeMetrics.AliasOf(EdgeMetrics.Relearn), false, ts, true));
        p.Metrics.Add(MetricValues.String(EdgeMetrics.Deploy, EdgeMetrics.AliasOf(EdgeMetrics.Deploy), "", ts, true));
        p.Metrics.Add(MetricValues.Bytes(EdgeMetrics.DeployChunk, EdgeMetrics.AliasOf(EdgeMetrics.DeployChunk), [], ts, true));
        return p.ToByteArray();
    }

    /// <summary>DBIRTH: every device metric with name, alias and current value.</summary>
    public byte[] DeviceBirth(TelemetrySample s, DateTimeOffset now)
    {
        birthChannels = s.Channels.ToArray();
        var p = NewPayload(now);
        AddTelemetry(p, s, withName: true, historical: false);
        ulong ts = p.Timestamp;
        p.Metrics.Add(MetricValues.UInt64(EdgeMetrics.EventSeq, EdgeMetrics.AliasOf(EdgeMetrics.EventSeq), 0, ts, true));
        p.Metrics.Add(MetricValues.String(EdgeMetrics.EventKind, EdgeMetrics.AliasOf(EdgeMetrics.EventKind), "", ts, true));
        p.Metrics.Add(MetricValues.String(EdgeMetrics.EventJson, EdgeMetrics.AliasOf(EdgeMetrics.EventJson), "", ts, true));
        return p.ToByteArray();
    }

    /// <summary>DDATA with a telemetry sample; <paramref name="historical"/> when it waited in the backlog.</summary>
    public byte[] DeviceData(TelemetrySample s, DateTimeOffset now, bool historical)
    {
        var p = NewPayload(now);
        AddTelemetry(p, s, withName: false, historical);
        return p.ToByteArray();
    }

    /// <summary>
    /// DDATA with one journal event: its journal sequence number (consumers drop duplicates by it),
    /// kind and the journal line itself, so any event kind flows through without special code.
    /// </summary>
    public byte[] EventData(long journalSeq, string kind, string json, DateTime at, DateTimeOffset now, bool historical)
    {
        var p = NewPayload(now);
        ulong ts = MetricValues.Millis(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)));
        foreach (var m in new[]
        {
            MetricValues.UInt64(EdgeMetrics.EventSeq, EdgeMetrics.AliasOf(EdgeMetrics.EventSeq), (ulong)journalSeq, ts, false),
            MetricValues.String(EdgeMetrics.EventKind, EdgeMetrics.AliasOf(EdgeMetrics.EventKind), kind, ts, false),
            MetricValues.String(EdgeMetrics.EventJson, EdgeMetrics.AliasOf(EdgeMetrics.EventJson), json, ts, false),
        })
        {
            m.IsHistorical = historical;
            p.Metrics.Add(m);
        }
        return p.ToByteArray();
    }

    public byte[] DeviceDeath(DateTimeOffset now) => NewPayload(now).ToByteArray();

    private Payload NewPayload(DateTimeOffset now) => new() { Timestamp = MetricValues.Millis(now), Seq = seq.Next() };

    private static void AddTelemetry(Payload p, TelemetrySample s, bool withName, bool historical)
    {
        ulong ts = MetricValues.Millis(new DateTimeOffset(DateTime.SpecifyKind(s.At, DateTimeKind.Utc)));
        void Add(Metric m)
        {
            if (historical) m.IsHistorical = true;
            p.Metrics.Add(m);
        }
        Metric Str(string name, string v) => MetricValues.String(name, EdgeMetrics.AliasOf(name), v, ts, withName);
        Metric U64(string name, long v) => MetricValues.UInt64(name, EdgeMetrics.AliasOf(name), (ulong)Math.Max(0, v), ts, withName);
        Add(Str(EdgeMetrics.State, s.State));
        var score = MetricValues.New(EdgeMetrics.Score, EdgeMetrics.AliasOf(EdgeMetrics.Score), DataType.Float, ts, withName);
        if (s.Score is { } v) score.FloatValue = v;
        else score.IsNull = true;
        Add(score);
        Add(Str(EdgeMetrics.Level, s.Level));
        Add(Str(EdgeMetrics.ModelHash, s.ModelHash));
        Add(Str(EdgeMetrics.ModelVersion, s.ModelVersion));
        Add(U64(EdgeMetrics.FramesIn, s.FramesIn));
        Add(U64(EdgeMetrics.FramesDropped, s.FramesDropped));
        Add(U64(EdgeMetrics.FramesRejected, s.FramesRejected));
        Add(U64(EdgeMetrics.WindowsScored, s.WindowsScored));
        Add(U64(EdgeMetrics.SensorFaults, s.SensorFaults));
        Add(U64(EdgeMetrics.AlarmsToday, s.AlarmsToday));
        Add(U64(EdgeMetrics.Backlog, s.Backlog));
        for (int c = 0; c < s.Channels.Length && c < s.Contributions.Length; c++)
            Add(MetricValues.Float(EdgeMetrics.ContributionPrefix + s.Channels[c], EdgeMetrics.ContributionAlias(c), s.Contributions[c], ts, withName));
    }
}
