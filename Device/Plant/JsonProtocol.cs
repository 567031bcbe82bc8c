using System.Text.Json;
using EdgeAE.Plant;
using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Json;
using EdgeAE.Plant.Sparkplug;
using MQTTnet;

namespace EdgeAE.Device.Plant;

/// <summary>
/// Plain JSON topics for simple consumers: the journal line itself on <c>…/events</c> (it carries
/// seq and kind), the telemetry sample on <c>…/telemetry</c>, a retained status on <c>…/status</c>
/// (offline as the will), commands as <see cref="PlantCommand"/> JSON on <c>…/cmd</c>.
/// </summary>
public sealed class JsonProtocol : IPlantProtocol
{
    private readonly JsonTopics topics;
    private readonly int telemetryQos;

    public JsonProtocol(string prefix, string group, string node, int telemetryQos)
    {
        topics = new JsonTopics(prefix, group, node);
        this.telemetryQos = telemetryQos;
        CommandTopics = [topics.Command];
    }

    public string Name => "JSON";
    public IReadOnlyList<string> CommandTopics { get; }

    public MqttApplicationMessage Will(ulong bdSeq, DateTimeOffset now) => Status(false, now);

    public IEnumerable<MqttApplicationMessage> Births(ulong bdSeq, TelemetrySample current, DateTimeOffset now)
    {
        yield return Status(true, now);
    }

    public MqttApplicationMessage Event(long seq, string kind, DateTime at, byte[] line, bool historical, DateTimeOffset now) =>
        MessageFactory.Create(topics.Events, line, qos: 1);

    public IEnumerable<MqttApplicationMessage> Telemetry(TelemetrySample sample, bool historical, DateTimeOffset now)
    {
        yield return MessageFactory.Create(topics.Telemetry, JsonSerializer.SerializeToUtf8Bytes(sample, PlantJsonContext.Default.TelemetrySample), telemetryQos);
    }

    public IEnumerable<MqttApplicationMessage> Goodbye(ulong bdSeq, DateTimeOffset now)
    {
        yield return Status(false, now);
    }

    public List<(PlantCommand Command, byte[] Chunk)> ParseCommands(string topic, ReadOnlySpan<byte> payload, List<string> problems)
    {
        var list = new List<(PlantCommand, byte[])>();
        try
        {
            var c = JsonSerializer.Deserialize(payload, PlantJsonContext.Default.PlantCommand);
            if (c is null) problems.Add("empty command");
            else list.Add((c, c.Data is { Length: > 0 } d ? Convert.FromBase64String(d) : []));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            problems.Add($"not a command: {e.Message}");
        }
        return list;
    }

    private MqttApplicationMessage Status(bool online, DateTimeOffset now) =>
        MessageFactory.Create(topics.Status, JsonSerializer.SerializeToUtf8Bytes(
            new NodeStatus { Node = topics.Node, Online = online, At = now.UtcDateTime, Software = PlantIdentity.Software },
            PlantJsonContext.Default.NodeStatus), qos: 1, retain: true);
}
