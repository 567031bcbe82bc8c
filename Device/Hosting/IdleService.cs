using Microsoft.Extensions.Hosting;

namespace EdgeAE.Device.Hosting;

/// <summary>Stands in for an optional hosted service that is switched off (MQTT link, metrics endpoint).</summary>
public sealed class IdleService : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
