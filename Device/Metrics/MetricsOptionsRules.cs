using EdgeAE.Device.Options;
using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Metrics;

public sealed class MetricsOptionsRules : IValidateOptions<DeviceOptions>
{
    public ValidateOptionsResult Validate(string? name, DeviceOptions o)
    {
        var b = new ValidateOptionsResultBuilder();
        if (o.Metrics.Enabled && !System.Net.IPAddress.TryParse(o.Metrics.Bind, out _))
            b.AddError($"'{o.Metrics.Bind}' is not an IP address", "Metrics.Bind");
        return b.Build();
    }
}
