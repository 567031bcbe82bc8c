using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Sparkplug;
using MQTTnet;

namespace EdgeAE.Device.Plant;

/// <summary>What goes on which topic: Sparkplug B (<see cref="SparkplugProtocol"/>) or plain JSON (<see cref="JsonProtocol"/>).</summary>
public interface IPlantProtocol
{
    string Name { get; }

    /// <summary>The MQTT will for a connection with this birth/death sequence number.</summary>
    MqttApplicationMessage Will(ulong bdSeq, DateTimeOffset now);

    /// <summary>Messages announcing the node after a connect or a rebirth request.</summary>
    IEnumerable<MqttApplicationMessage> Births(ulong bdSeq, TelemetrySample current, DateTimeOffset now);

    /// <summary>One journal event (any kind), carrying its journal seq.</summary>
    MqttApplicationMessage Event(long seq, string kind, DateTime at, byte[] line, bool historical, DateTimeOffset now);

    /// <summary>A telemetry sample (preceded by a new device birth when the channels changed).</summary>
    IEnumerable<MqttApplicationMessage> Telemetry(TelemetrySample sample, bool historical, DateTimeOffset now);

    /// <summary>Sent before a clean disconnect (the will covers the unclean one).</summary>
    IEnumerable<MqttApplicationMessage> Goodbye(ulong bdSeq, DateTimeOffset now);

    /// <summary>The exact topics this node takes commands on (never a wildcard: only this node's).</summary>
    IReadOnlyList<string> CommandTopics { get; }

    /// <summary>Commands in a message on one of <see cref="CommandTopics"/>; problems describe what was ignored.</summary>
    List<(PlantCommand Command, byte[] Chunk)> ParseCommands(string topic, ReadOnlySpan<byte> payload, List<string> problems);
}
