using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Options;

/// <summary>
/// The whole configuration, bound from the root: each property is one top-level section
/// (<c>Model</c>, <c>Source</c>, <c>Alerts</c>, <c>Journal</c>, <c>Health</c>, <c>Mqtt</c>, <c>Metrics</c>, <c>StatusLine</c>, <c>Dashboard</c>), plus <c>Demo</c>.
/// </summary>
public sealed class DeviceOptions
{
    /// <summary>
    /// The explicit demo (<c>--demo</c> or <c>Demo=true</c>): only then may the daemon run the pump
    /// simulator, the bundled demo model or the simulated GPIO driver. Anywhere else they would make
    /// an installed service report ready while watching nothing and driving no pin.
    /// </summary>
    public bool Demo { get; set; }

    [ValidateObjectMembers] public ModelOptions Model { get; set; } = new();
    [ValidateObjectMembers] public SourceOptions Source { get; set; } = new();
    [ValidateObjectMembers] public AlertsOptions Alerts { get; set; } = new();
    [ValidateObjectMembers] public JournalOptions Journal { get; set; } = new();
    [ValidateObjectMembers] public HealthOptions Health { get; set; } = new();
    [ValidateObjectMembers] public Plant.MqttOptions Mqtt { get; set; } = new();
    [ValidateObjectMembers] public Metrics.MetricsOptions Metrics { get; set; } = new();
    [ValidateObjectMembers] public Hosting.StatusLineOptions StatusLine { get; set; } = new();
    [ValidateObjectMembers] public Dashboard.DashboardOptions Dashboard { get; set; } = new();
}
