using System.Collections.Concurrent;
using EdgeAE.Plant.Link;
using EdgeAE.Plant.Sparkplug;
using EdgeAE.Plant.Sparkplug.Proto;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAE.Device.Tests.Support;

/// <summary>
/// The plant side in tests: an MQTTnet client logged in as "plant" with a persistent session (the
/// broker keeps its QoS 1 messages while it is away), reconnecting by itself, recording every message.
/// </summary>
public sealed class PlantConsumer : IAsyncDisposable
{
    private readonly IMqttClient client = EdgeAE.Plant.Link.TcpChannelFactory.CreateClient();
    private readonly MqttClientOptions options;
    private readonly string filter;
    private readonly CancellationTokenSource stop = new();
    private readonly Task reconnect;

    public sealed record Message(string Topic, byte[] Payload, DateTime Received)
    {
        public Payload Sparkplug => global::EdgeAE.Plant.Sparkplug.Proto.Payload.Parser.ParseFrom(Payload);
        public SparkplugTopic Parsed => SparkplugTopic.TryParse(Topic, out var t) ? t : default;
    }

    public PlantConsumer(MosquittoBroker broker, string filter, string clientId)
    {
        this.filter = filter;
        options = LinkOptionsFactory.Create(new LinkSettings
        {
            Broker = BrokerAddress.Parse(broker.Url),
            ClientId = clientId,
            Username = MosquittoBroker.PlantUser,
            Password = MosquittoBroker.PlantPassword,
            CaFile = broker.Tls.CaFile,
        }).WithCleanSession(false).Build();
        client.ApplicationMessageReceivedAsync += e =>
        {
            Messages.Enqueue(new Message(e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), DateTime.UtcNow));
            return Task.CompletedTask;
        };
        ConnectOnce().GetAwaiter().GetResult();
        reconnect = Task.Run(KeepConnected);
    }

    public ConcurrentQueue<Message> Messages { get; } = new();
    public IMqttClient Client => client;

    private async Task ConnectOnce()
    {
        var r = await client.ConnectAsync(options, stop.Token);
        if (!r.IsSessionPresent)
            await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, stop.Token);
    }

    private async Task KeepConnected()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(200, stop.Token);
                if (!client.IsConnected) await ConnectOnce();
            }
            catch (OperationCanceledException) { break; }
            catch (Exception) { /* broker still down: try again */ }
        }
    }

    public async Task PublishAsync(string topic, byte[] payload)
    {
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), stop.Token);
    }

    /// <summary>Journal sequence numbers of the event DDATA messages, in arrival order (duplicates kept).</summary>
    public List<long> EventSeqs() => Messages.Where(m => m.Topic.Contains("/DDATA/"))
        .SelectMany(m => m.Sparkplug.Metrics.Where(x => x.Alias == EdgeMetrics.AliasOf(EdgeMetrics.EventSeq)).Select(x => (long)x.LongValue)).ToList();

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        try { await reconnect; } catch (OperationCanceledException) { }
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }
        catch (Exception) { }
        client.Dispose();
        stop.Dispose();
    }
}
