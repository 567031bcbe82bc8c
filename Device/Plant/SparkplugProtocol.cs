using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Sparkplug;
using MQTTnet;

namespace EdgeAE.Device.Plant;

/// <summary>
/// Sparkplug B edge node: NDEATH (bdSeq) as the will, NBIRTH + DBIRTH on connect, events and
/// telemetry as DDATA (events with <c>Event/Seq</c> = journal seq), DDEATH + NDEATH on a clean stop,
/// commands from this node's NCMD and its device's DCMD. QoS as the specification asks (births,
/// DDEATH and telemetry 0 unless Mqtt:Qos says 1; the NDEATH will 1) with one deliberate exception:
/// event DDATA goes at QoS 1, because store and forward moves the outbox cursor only on the PUBACK.
/// Messages are published one after another, so their seq values reach the broker in order.
/// </summary>
public sealed class SparkplugProtocol : IPlantProtocol
{
    private readonly SparkplugEdgeNode node;
    private readonly int telemetryQos;

    public SparkplugProtocol(string group, string nodeId, string device, int telemetryQos)
    {
        node = new SparkplugEdgeNode(group, nodeId, device);
        this.telemetryQos = telemetryQos;
        CommandTopics = [node.Topic(SparkplugMessageType.NCMD), node.Topic(SparkplugMessageType.DCMD)];
    }

    public string Name => "Sparkplug B";
    public IReadOnlyList<string> CommandTopics { get; }

    public MqttApplicationMessage Will(ulong bdSeq, DateTimeOffset now) =>
        MessageFactory.Create(node.Topic(SparkplugMessageType.NDEATH), SparkplugEdgeNode.Death(bdSeq, now), qos: 1);

    public IEnumerable<MqttApplicationMessage> Births(ulong bdSeq, TelemetrySample current, DateTimeOffset now)
    {
        yield return MessageFactory.Create(node.Topic(SparkplugMessageType.NBIRTH), node.NodeBirth(bdSeq, PlantIdentity.Software, now), qos: 0);
        yield return MessageFactory.Create(node.Topic(SparkplugMessageType.DBIRTH), node.DeviceBirth(current, now), qos: 0);
    }

    public MqttApplicationMessage Event(long seq, string kind, DateTime at, byte[] line, bool historical, DateTimeOffset now) =>
        MessageFactory.Create(node.Topic(SparkplugMessageType.DDATA),
            node.EventData(seq, kind, System.Text.Encoding.UTF8.GetString(line), at, now, historical), qos: 1);

    public IEnumerable<MqttApplicationMessage> Telemetry(TelemetrySample sample, bool historical, DateTimeOffset now)
    {
        // Metrics are announced with their aliases in DBIRTH: other channels need a new birth first.
        if (!sample.Channels.SequenceEqual(node.BirthChannels))
            yield return MessageFactory.Create(node.Topic(SparkplugMessageType.DBIRTH), node.DeviceBirth(sample, now), qos: 0);
        yield return MessageFactory.Create(node.Topic(SparkplugMessageType.DDATA), node.DeviceData(sample, now, historical), telemetryQos);
    }

    public IEnumerable<MqttApplicationMessage> Goodbye(ulong bdSeq, DateTimeOffset now)
    {
        yield return MessageFactory.Create(node.Topic(SparkplugMessageType.DDEATH), node.DeviceDeath(now), qos: 0);
        yield return MessageFactory.Create(node.Topic(SparkplugMessageType.NDEATH), SparkplugEdgeNode.Death(bdSeq, now), qos: 1);
    }

    public List<(PlantCommand Command, byte[] Chunk)> ParseCommands(string topic, ReadOnlySpan<byte> payload, List<string> problems) =>
        SparkplugCommandCodec.Decode(payload, problems);
}
