using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAE.Device.Plant;

internal static class MessageFactory
{
    public static MqttApplicationMessage Create(string topic, byte[] payload, int qos, bool retain = false) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(qos == 0 ? MqttQualityOfServiceLevel.AtMostOnce : MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
}
