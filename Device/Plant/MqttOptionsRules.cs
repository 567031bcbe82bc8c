using System.Security.Cryptography;
using EdgeAE.Device.Options;
using EdgeAE.Plant.Link;
using EdgeAE.Plant.Signing;
using EdgeAE.Plant.Sparkplug;
using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Plant;

/// <summary>Rules of the <c>Mqtt</c> section that span keys or touch files (the attributes cover ranges).</summary>
public sealed class MqttOptionsRules : IValidateOptions<DeviceOptions>
{
    public ValidateOptionsResult Validate(string? name, DeviceOptions o)
    {
        var m = o.Mqtt;
        var b = new ValidateOptionsResultBuilder();
        if (!m.Enabled) return b.Build();
        if (string.IsNullOrWhiteSpace(m.Broker))
            b.AddError("is required when Mqtt:Enabled is true (mqtt://host:1883 or mqtts://host:8883)", "Mqtt.Broker");
        else if (!BrokerAddress.TryParse(m.Broker, out var address, out var problem))
            b.AddError(problem!, "Mqtt.Broker");
        else if (!address!.Tls && !string.IsNullOrEmpty(m.CaFile))
            b.AddError("a CA file needs a TLS broker URL (mqtts://)", "Mqtt.CaFile");
        foreach (var (key, value) in new[] { ("Group", m.Group), ("Node", PlantIdentity.NodeId(m)), ("Device", m.Device), ("TopicPrefix", m.TopicPrefix) })
            if (SparkplugTopic.ValidateId(value) is { } idProblem) b.AddError(idProblem, "Mqtt." + key);
        if (!string.IsNullOrEmpty(m.Username) && string.IsNullOrEmpty(m.PasswordFile))
            b.AddError("Mqtt:Username needs Mqtt:PasswordFile (the password is read from a file, never from configuration)", "Mqtt.PasswordFile");
        if (string.IsNullOrEmpty(m.Username) && !string.IsNullOrEmpty(m.PasswordFile))
            b.AddError("Mqtt:PasswordFile needs Mqtt:Username", "Mqtt.Username");
        foreach (var (key, path) in new[] { ("PasswordFile", m.PasswordFile), ("CaFile", m.CaFile), ("ClientCertFile", m.ClientCertFile), ("ClientKeyFile", m.ClientKeyFile) })
            if (!string.IsNullOrEmpty(path) && !File.Exists(path)) b.AddError($"'{path}' does not exist", "Mqtt." + key);
        if (!string.IsNullOrEmpty(m.ClientKeyFile) && string.IsNullOrEmpty(m.ClientCertFile))
            b.AddError("Mqtt:ClientKeyFile needs Mqtt:ClientCertFile", "Mqtt.ClientCertFile");
        if (m.ReconnectMaxSeconds < m.ReconnectMinSeconds)
            b.AddError($"must be at least Mqtt:ReconnectMinSeconds ({m.ReconnectMinSeconds}), got {m.ReconnectMaxSeconds}", "Mqtt.ReconnectMaxSeconds");
        for (int i = 0; i < m.Deploy.TrustedKeys.Length; i++)
        {
            string path = m.Deploy.TrustedKeys[i];
            if (!File.Exists(path))
            {
                b.AddError($"'{path}' does not exist", $"Mqtt.Deploy.TrustedKeys[{i}]");
                continue;
            }
            try
            {
                BundleSigner.LoadKey(path).Dispose();
            }
            catch (CryptographicException e)
            {
                b.AddError(e.Message, $"Mqtt.Deploy.TrustedKeys[{i}]");
            }
        }
        if (m.Deploy.TrustedKeys.Length > 0 && o.Model.ReloadPollSeconds <= 0)
            b.AddError("deploying bundles goes through hot reload: set Model:ReloadPollSeconds > 0", "Mqtt.Deploy.TrustedKeys");
        return b.Build();
    }
}
