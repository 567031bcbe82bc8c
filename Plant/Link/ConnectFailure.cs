using System.Net.Sockets;
using System.Security.Authentication;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;

namespace EdgeAE.Plant.Link;

/// <summary>Why a connection attempt failed, in one line an operator understands.</summary>
public static class ConnectFailure
{
    public static string Describe(MqttClientConnectResultCode code) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword => "the broker refused the login: bad user name or password",
        // MQTT 3.1.1 brokers (mosquitto) answer a wrong password with "not authorized".
        MqttClientConnectResultCode.NotAuthorized => "the broker refused the login: not authorized (wrong user name or password, or no access)",
        MqttClientConnectResultCode.ClientIdentifierNotValid => "the broker refused the client id",
        MqttClientConnectResultCode.ServerUnavailable => "the broker is unavailable",
        _ => $"the broker refused the connection ({code})",
    };

    public static string Describe(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case AuthenticationException a:
                    return $"TLS handshake failed: {a.Message.TrimEnd('.')} (is the broker's certificate signed by the configured CA?)";
                case SocketException s:
                    return $"cannot reach the broker: {s.SocketErrorCode} ({s.Message.TrimEnd('.')})";
                case MqttCommunicationTimedOutException:
                    return "no answer from the broker (timed out)";
            }
        }
        if (e is MqttConnectingFailedException f)
        {
            foreach (MqttClientConnectResultCode code in Enum.GetValues<MqttClientConnectResultCode>())
                if (code != MqttClientConnectResultCode.Success && f.Message.Contains(code.ToString(), StringComparison.Ordinal))
                    return Describe(code);
        }
        if (e is OperationCanceledException) return "no answer from the broker (timed out)";
        return e.Message.Split('\n')[0].TrimEnd('.');
    }
}
