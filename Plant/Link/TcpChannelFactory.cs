using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace EdgeAE.Plant.Link;

/// <summary>
/// MQTT over TCP/TLS only. MQTTnet's default adapter factory also knows WebSockets, which brings
/// MQTTnet's WebSocket channel and ClientWebSocket into a Native-AOT binary; boards talk plain MQTT,
/// so clients made here leave that code out of the daemon.
/// </summary>
public sealed class TcpChannelFactory : IMqttClientAdapterFactory
{
    /// <summary>A client without MqttClientFactory, whose constructor alone roots the WebSocket adapter.</summary>
    public static IMqttClient CreateClient() => new MqttClient(new TcpChannelFactory(), new MqttNetNullLogger());

    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        if (options.ChannelOptions is not MqttClientTcpOptions)
            throw new NotSupportedException("only mqtt:// and mqtts:// (TCP) brokers are supported");
        var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        return new MqttChannelAdapter(new MqttTcpChannel(options), formatter, logger)
        {
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
    }
}
