using System.Text.Json;
using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Json;
using EdgeAE.Plant.Link;
using EdgeAE.Plant.Sparkplug;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAE.Plant.Fleet;

/// <summary>
/// The workstation's connection to the plant broker: subscribes to a group (Sparkplug or JSON
/// topics), feeds a <see cref="FleetView"/> under a lock, asks boards whose births it missed for a
/// rebirth, and sends commands to one board.
/// </summary>
public sealed class FleetClient : IAsyncDisposable
{
    private readonly IMqttClient client = EdgeAE.Plant.Link.TcpChannelFactory.CreateClient();
    private readonly LinkSettings settings;
    private readonly bool sparkplug;
    private readonly string jsonPrefix;

    public FleetClient(LinkSettings settings, bool sparkplug, string jsonPrefix = "edgeae")
    {
        this.settings = settings;
        this.sparkplug = sparkplug;
        this.jsonPrefix = jsonPrefix;
        View = new FleetView(jsonPrefix);
        View.RebirthNeeded = (group, node) => _ = SendAsync(group, node, new PlantCommand { Command = PlantCommand.RebirthName }, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        client.ApplicationMessageReceivedAsync += e =>
        {
            var payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
            lock (View) View.OnMessage(e.ApplicationMessage.Topic, payload, DateTime.UtcNow);
            return Task.CompletedTask;
        };
    }

    /// <summary>Lock it while reading: messages arrive on MQTTnet's thread.</summary>
    public FleetView View { get; }

    public async Task ConnectAsync(string? group, CancellationToken ct)
    {
        MqttClientConnectResult result;
        try
        {
            result = await client.ConnectAsync(LinkOptionsFactory.Create(settings).WithCleanSession(true).Build(), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new IOException($"{settings.Broker}: {ConnectFailure.Describe(e)}", e);
        }
        if (result.ResultCode != MqttClientConnectResultCode.Success) throw new IOException($"{settings.Broker}: {ConnectFailure.Describe(result.ResultCode)}");
        string filter = sparkplug ? SparkplugTopic.GroupFilter(group) : JsonTopics.GroupFilter(jsonPrefix, group);
        await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, ct).ConfigureAwait(false);
    }

    /// <summary>A command to one board: NCMD in Sparkplug mode, its cmd topic in JSON mode (QoS 1).</summary>
    public async Task SendAsync(string group, string node, PlantCommand command, ReadOnlyMemory<byte> chunk, CancellationToken ct)
    {
        if (!client.IsConnected) return;
        string topic;
        byte[] payload;
        if (sparkplug)
        {
            topic = new SparkplugTopic(group, SparkplugMessageType.NCMD, node).ToString();
            payload = SparkplugCommandCodec.Encode(command, chunk.Span, DateTimeOffset.UtcNow);
        }
        else
        {
            topic = new JsonTopics(jsonPrefix, group, node).Command;
            if (!chunk.IsEmpty) command.Data = Convert.ToBase64String(chunk.Span);
            payload = JsonSerializer.SerializeToUtf8Bytes(command, PlantJsonContext.Default.PlantCommand);
        }
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Leaving anyway.
        }
        client.Dispose();
    }
}
