using EdgeAE.Device.Commissioning;
using EdgeAE.Device.Hosting;
using EdgeAE.Device.Pipeline;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Dashboard;

/// <summary>Builds the dashboard from the running parts (options already validated: the URL parses).</summary>
public static class DashboardFactory
{
    public static DashboardServer Create(DeviceComponents c, TimeProvider time, ILogger logger)
    {
        var o = c.Options.Dashboard;
        DashboardEndpoint.Parse(o.Url, out var endpoint);
        var pipeline = c.Pipeline!;
        var status = c.Status!;
        // The trace sees every window (wait-free) before the next observer in the tap chain.
        var trace = new ScoreTrace { Next = status.Next };
        status.Next = trace;
        var access = new DashboardAccess(o.Token, endpoint!.IsLoopback);
        var snapshots = new SnapshotSource(pipeline, status, trace, c.Alerts, c.Commissioning as CommissioningSession,
            c.Learner, c.Options.Model.Learn.Rows, access.ButtonsEnabled, time);
        var hub = new LiveHub(o.MaxClients);
        var feed = c.Journal is null ? null : new JournalFeed(c.Journal);
        var actions = c.Reporter is null ? null : new OperatorActions(c.Alerts, pipeline, c.Reporter);
        var api = new DashboardApi(access, snapshots, hub, feed, () => (pipeline.Scorer.Manifest, pipeline.Scorer.Bundle.Path),
            new ModelCardBuilder(c.Commissioning is not null), actions);
        return new DashboardServer(endpoint, api, new LiveTicker(snapshots, feed, hub, time), feed, logger);
    }
}
