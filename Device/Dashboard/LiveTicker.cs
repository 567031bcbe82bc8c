namespace EdgeAE.Device.Dashboard;

/// <summary>Four times a second: a snapshot and the newest journal lines to the hub (on its own task, never the scoring thread).</summary>
public sealed class LiveTicker(SnapshotSource snapshots, JournalFeed? journal, LiveHub hub, TimeProvider time)
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
                hub.Publish(snapshots.Take(), journal?.Drain() ?? []);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
