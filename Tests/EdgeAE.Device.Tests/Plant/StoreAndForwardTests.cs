using EdgeAE.Device.Tests.Support;
using EdgeAE.Plant.Sparkplug;

namespace EdgeAE.Device.Tests.Plant;

/// <summary>
/// The journal is the outbox: with the broker stopped, a running daemon (a child process) keeps
/// journaling; when the broker returns every event reaches a de-duplicating consumer once, in order —
/// also when the daemon is SIGKILLed during the outage and restarted.
/// </summary>
public class StoreAndForwardTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("outage");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private string[] Args(MosquittoBroker broker, string bundle) =>
    [
        // The pump simulator is the demo's source: the daemon takes it only in demo mode.
        "--demo",
        "--Model:Path", bundle, "--Model:ReloadPollSeconds", "0",
        "--Source:Kind", "Simulator", "--Source:Speed", "20",
        "--Source:Simulator:FaultEverySeconds", "1", "--Source:Simulator:FaultSeconds", "0.4", "--Source:Simulator:FirstFaultAfterSeconds", "1",
        "--Health:StuckSamples", "5", "--Health:ClearAfterSamples", "3",
        "--Journal:Directory", Path.Combine(dir, "journal"), "--Journal:Acknowledge", "true",
        "--Logging:LogLevel:Default", "Warning",
        .. PlantSetup.BoardArgs(broker, "pump-3"),
    ];

    private string Bundle()
    {
        string bundle = Path.Combine(dir, "pump.onnx");
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(2000), window: 16, components: 12, bundle);
        return bundle;
    }

    [Test]
    public async Task EveryEventArrivesOnceInOrderAfterA30SecondOutage()
    {
        PlantSetup.RequireMosquitto();
        using var broker = new MosquittoBroker(dir);
        await using var plant = new PlantConsumer(broker, SparkplugTopic.GroupFilter(PlantSetup.Group), "plant-outage");
        using var daemon = new DaemonProcess(dir, Args(broker, Bundle()));
        PlantSetup.WaitUntil(() => plant.EventSeqs().Count >= 5, TimeSpan.FromSeconds(30), $"events before the outage; stderr: {string.Join(" | ", daemon.Stderr)}");

        broker.Stop();
        int before = Acked(daemon).Count;
        Thread.Sleep(TimeSpan.FromSeconds(30));
        int during = Acked(daemon).Count - before;
        Assert.That(during, Is.GreaterThan(20), "the daemon kept journaling while the broker was down");
        broker.Start();

        // Let the backlog drain, then stop the daemon cleanly; its last events go out before its goodbye.
        PlantSetup.WaitUntil(() => plant.EventSeqs().Distinct().Count() >= Acked(daemon).Count - 5, TimeSpan.FromSeconds(30), "the backlog to arrive");
        MosquittoBroker.Terminate(daemon.Process.Id);
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(0));
        var journaled = JournalSeqs();
        PlantSetup.WaitUntil(() => journaled.All(plant.EventSeqs().ToHashSet().Contains), TimeSpan.FromSeconds(20), "every journaled event at the plant");
        AssertOnceInOrder(plant.EventSeqs(), journaled);
    }

    [Test]
    public async Task SigkillDuringTheOutageLosesNothing()
    {
        PlantSetup.RequireMosquitto();
        using var broker = new MosquittoBroker(dir);
        await using var plant = new PlantConsumer(broker, SparkplugTopic.GroupFilter(PlantSetup.Group), "plant-kill");
        string bundle = Bundle();
        var first = new DaemonProcess(dir, Args(broker, bundle));
        List<long> firstAcked;
        try
        {
            PlantSetup.WaitUntil(() => plant.EventSeqs().Count >= 5, TimeSpan.FromSeconds(30), "events before the outage");
            broker.Stop();
            PlantSetup.WaitUntil(() => Acked(first).Count >= plant.EventSeqs().Distinct().Count() + 15, TimeSpan.FromSeconds(30), "events during the outage");
            first.Process.Kill();          // SIGKILL: no shutdown code, unsent events only on disk
            first.Process.WaitForExit();
            firstAcked = Acked(first);
        }
        finally
        {
            first.Dispose();
        }

        using var second = new DaemonProcess(dir, Args(broker, bundle));
        PlantSetup.WaitUntil(() => Acked(second).Count >= 10, TimeSpan.FromSeconds(30), "the restarted daemon to journal during the outage");
        broker.Start();
        PlantSetup.WaitUntil(() => firstAcked.Concat(Acked(second)).All(plant.EventSeqs().ToHashSet().Contains), TimeSpan.FromSeconds(30),
            "every event of both runs at the plant");
        var acked = firstAcked.Concat(Acked(second)).ToList();
        Assert.That(acked, Is.Unique, "the second run continues the journal's sequence");

        // Now an unclean death with the broker up: the broker publishes the NDEATH will of the last session.
        int births = plant.Messages.Count(m => m.Topic.Contains("/NBIRTH/pump-3"));
        var lastBirth = plant.Messages.Last(m => m.Topic.Contains("/NBIRTH/pump-3")).Sparkplug;
        second.Process.Kill();
        second.Process.WaitForExit();
        PlantSetup.WaitUntil(() => plant.Messages.Any(m => m.Topic.Contains("/NDEATH/pump-3")), TimeSpan.FromSeconds(90), "the NDEATH will after SIGKILL");
        var death = plant.Messages.Last(m => m.Topic.Contains("/NDEATH/pump-3")).Sparkplug;
        Assert.That(births, Is.GreaterThanOrEqualTo(2));
        Assert.That(death.Metrics.Single(m => m.Name == EdgeMetrics.BdSeq).LongValue, Is.EqualTo(lastBirth.Metrics.Single(m => m.Name == EdgeMetrics.BdSeq).LongValue));

        var everything = JournalSeqs().Where(s => s <= acked.Max()).ToList();
        AssertOnceInOrder(plant.EventSeqs().Where(s => s <= acked.Max()).ToList(), everything);
    }

    /// <summary>A consumer that drops seq values it has seen gets each event once, in journal order.</summary>
    private static void AssertOnceInOrder(List<long> received, List<long> journaled)
    {
        var seen = new HashSet<long>();
        var deduplicated = received.Where(seen.Add).ToList();
        Assert.That(deduplicated, Is.EqualTo(journaled), $"received {received.Count} ({received.Count - deduplicated.Count} duplicates)");
    }

    private List<long> JournalSeqs() =>
        Directory.GetFiles(Path.Combine(dir, "journal"), "*.jsonl")
            .SelectMany(f => DeviceHarness.ReadJournal(f)).Select(e => e.GetProperty("seq").GetInt64()).Order().ToList();

    private static List<long> Acked(DaemonProcess d) =>
        d.Stdout.Where(l => l.StartsWith("journaled ", StringComparison.Ordinal)).Select(l => long.Parse(l["journaled ".Length..])).ToList();
}
