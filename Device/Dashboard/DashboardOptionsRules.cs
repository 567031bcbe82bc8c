using EdgeAE.Device.Options;
using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Dashboard;

/// <summary>Dashboard:Url must be http://IP:port; a non-loopback address without a token is refused (LAN exposure is deliberate).</summary>
public sealed class DashboardOptionsRules : IValidateOptions<DeviceOptions>
{
    /// <summary>Shorter tokens are guessable by anyone on the plant network.</summary>
    public const int MinTokenLength = 12;

    public ValidateOptionsResult Validate(string? name, DeviceOptions o)
    {
        var d = o.Dashboard;
        var b = new ValidateOptionsResultBuilder();
        if (!d.Enabled) return b.Build();
        if (DashboardEndpoint.Parse(d.Url, out var endpoint) is { } problem)
            b.AddError(problem, "Dashboard.Url");
        else if (!endpoint!.IsLoopback && d.Token.Length == 0)
            b.AddError($"{d.Url} is reachable from the network: set Dashboard:Token (at least {MinTokenLength} characters) or bind to 127.0.0.1", "Dashboard.Token");
        if (d.Token.Length is > 0 and < MinTokenLength)
            b.AddError($"must be at least {MinTokenLength} characters, got {d.Token.Length}", "Dashboard.Token");
        return b.Build();
    }
}
