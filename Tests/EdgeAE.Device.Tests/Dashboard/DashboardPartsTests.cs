using EdgeAE.Device.Dashboard;
using EdgeAE.Device.Journal;
using EdgeAE.Device.Options;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Device.Tests.Dashboard;

/// <summary>The dashboard's pieces without a socket: options, the hub's limits, the trace, the journal feed.</summary>
public class DashboardPartsTests
{
    private static string? Problem(DashboardOptions d)
    {
        var o = new DeviceOptions { Dashboard = d };
        var r = new DashboardOptionsRules().Validate(null, o);
        return r.Failed ? string.Join(" | ", r.Failures!) : null;
    }

    [Test]
    public void TheDefaultIsOffAndLoopback()
    {
        var d = new DashboardOptions();
        Assert.That(d.Enabled, Is.False);
        Assert.That(DashboardEndpoint.Parse(d.Url, out var ep), Is.Null);
        Assert.That(ep!.IsLoopback, Is.True, "nothing is served on a LAN address unless configured");
        Assert.That(Problem(new DashboardOptions { Enabled = true }), Is.Null);
    }

    [Test]
    public void ALanAddressWithoutATokenIsAConfigError()
    {
        Assert.That(Problem(new DashboardOptions { Enabled = true, Url = "http://0.0.0.0:8088" }),
            Does.Contain("Dashboard.Token").And.Contain("reachable from the network: set Dashboard:Token"));
        Assert.That(Problem(new DashboardOptions { Enabled = true, Url = "http://0.0.0.0:8088", Token = "short" }), Does.Contain("at least 12 characters"));
        Assert.That(Problem(new DashboardOptions { Enabled = true, Url = "http://0.0.0.0:8088", Token = "long-enough-token" }), Is.Null);
        Assert.That(Problem(new DashboardOptions { Enabled = true, Url = "https://127.0.0.1:8088" }), Does.Contain("is not an http:// address"));
        Assert.That(Problem(new DashboardOptions { Enabled = true, Url = "http://board.local:8088" }), Does.Contain("is not an IP address"));
        Assert.That(Problem(new DashboardOptions { Enabled = true, Url = "http://127.0.0.1:8088/x" }), Does.Contain("has a path"));
        Assert.That(Problem(new DashboardOptions { Enabled = false, Url = "nonsense" }), Is.Null, "off: not checked");
    }

    [Test]
    public void TheDaemonRefusesALanBindWithoutATokenInOneLine()
    {
        string dir = TestPaths.TempDir("dashboard-config");
        try
        {
            using var daemon = new DaemonProcess(dir, "--demo", "--Dashboard:Enabled", "true", "--Dashboard:Url", "http://0.0.0.0:18089");
            Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(78));
            var errors = daemon.Stderr.Where(l => l.Length > 0).ToList();
            Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", errors));
            Assert.That(errors[0], Does.Contain("Dashboard:Token: http://0.0.0.0:18089 is reachable from the network"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void ASlowClientIsDroppedAndTheOthersKeepTheirFrames()
    {
        var hub = new LiveHub(maxClients: 2);
        var slow = hub.Join("10.0.0.1", CancellationToken.None)!;
        var reader = hub.Join("10.0.0.2", CancellationToken.None)!;
        Assert.That(hub.Join("10.0.0.3", CancellationToken.None), Is.Null, "over MaxClients");
        using var sink = new MemoryStream();
        var pumping = reader.PumpAsync(sink);
        for (int i = 0; i < SseClient.QueueFrames + 2; i++)
        {
            hub.Publish(new LiveSnapshot { T = i, Score = i }, []);
            Thread.Sleep(5);
        }
        Assert.That(slow.Dropped, Is.True);
        Assert.That(slow.Stopping.IsCancellationRequested, Is.True, "its connection is closed");
        Assert.That(reader.Dropped, Is.False);
        Assert.That(hub.Clients, Is.EqualTo(1));
        Assert.That(hub.DroppedClients, Is.EqualTo(1));
        Assert.That(hub.Join("10.0.0.3", CancellationToken.None), Is.Not.Null, "the dropped client's place is free again");
        reader.Drop();
        try
        {
            pumping.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
            // Dropping cancels the writer, or ends its queue first: either way it stops.
        }
        Assert.That(pumping.IsCompleted, Is.True, "a dropped client's writer ends");
        Assert.That(System.Text.Encoding.UTF8.GetString(sink.ToArray()), Does.StartWith("event: history\ndata: []\n\nevent: live\ndata: {\"t\":0,\"score\":0,"));
    }

    [Test]
    public void TheTraceKeepsTheHighestScoreBetweenSamples()
    {
        var trace = new ScoreTrace();
        Assert.That(trace.Take(), Is.Null);
        foreach (float s in new[] { 0.2f, 3.5f, 0.1f, float.NaN })
            trace.OnWindow(new WindowScore(0, default, default, 0, s, s, []));
        Assert.That(trace.Take(), Is.EqualTo(3.5f));
        Assert.That(trace.Take(), Is.Null, "taken: nothing new since");
        trace.OnWindow(new WindowScore(1, default, default, 0, 0f, 0f, []));
        Assert.That(trace.Take(), Is.EqualTo(0f));
    }

    [Test]
    public void TheFeedHasTheJournalNewestFirstAndFiltersByKind()
    {
        string dir = TestPaths.TempDir("dashboard-feed");
        try
        {
            using var journal = new EventJournal(dir, 1 << 20, 2, fsync: false);
            journal.Append(new JournalEntry { Kind = "started", At = DateTime.UtcNow });
            journal.Append(new JournalEntry { Kind = "raised", Level = "alarm", Top = ["vib_x"], At = DateTime.UtcNow });
            using var feed = new JournalFeed(journal);
            journal.Append(new JournalEntry { Kind = "cleared", At = DateTime.UtcNow });
            var fresh = feed.Drain();
            Assert.That(fresh.Select(e => e.Seq), Is.EqualTo(new long[] { 3 }));
            Assert.That(feed.Recent(null, 10).Select(e => e.Kind), Is.EqualTo(new[] { "cleared", "raised", "started" }));
            Assert.That(feed.Recent("raised,cleared", 10).Select(e => e.Seq), Is.EqualTo(new long[] { 3, 2 }));
            Assert.That(feed.Recent(null, 1).Single().Seq, Is.EqualTo(3));
            Assert.That(System.Text.Encoding.UTF8.GetString(feed.Recent("raised", 1)[0].Line), Does.Contain("\"top\":[\"vib_x\"]"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
