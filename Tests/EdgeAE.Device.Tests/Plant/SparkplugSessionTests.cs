using EdgeAE.Device.Tests.Support;
using EdgeAE.Plant.Sparkplug;
using EdgeAE.Plant.Sparkplug.Proto;

namespace EdgeAE.Device.Tests.Plant;

/// <summary>
/// A board publishing to a real mosquitto (TLS, password): NBIRTH (seq 0, bdSeq) then DBIRTH, every
/// later message seq + 1, DATA with aliases only, every journal event once and in journal order,
/// DDEATH and an NDEATH with the NBIRTH's bdSeq on a clean stop.
/// </summary>
public class SparkplugSessionTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("sparkplug");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public async Task EventsArriveInJournalOrderWithSparkplugSequenceNumbers()
    {
        PlantSetup.RequireMosquitto();
        using var broker = new MosquittoBroker(dir);
        await using var plant = new PlantConsumer(broker, SparkplugTopic.GroupFilter(PlantSetup.Group), "plant-order");
        var o = PlantSetup.FaultyBoard(dir, broker, "pump-7");
        using var h = new DeviceHarness(o);
        var link = h.Components.Plant!.Link;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await link.StartAsync(cts.Token);
        var run = Task.Factory.StartNew(() => h.Pipeline.Run(cts.Token), TaskCreationOptions.LongRunning);

        PlantSetup.WaitUntil(() => plant.EventSeqs().Count >= 20 && plant.Messages.Count(m => m.Topic.EndsWith("/DDATA/pump-7/detector")) >= 30,
            TimeSpan.FromSeconds(40), "20 events and telemetry at the plant");
        cts.Cancel();
        run.Wait(TimeSpan.FromSeconds(10));
        long lastSeq = h.Components.Journal!.LastSeq;
        await link.StopAsync(CancellationToken.None);
        PlantSetup.WaitUntil(() => plant.Messages.Any(m => m.Topic.Contains("/NDEATH/")), TimeSpan.FromSeconds(10), "the NDEATH");

        var mine = plant.Messages.Where(m => m.Parsed.Node == "pump-7").ToList();
        Assert.That(mine[0].Parsed.Type, Is.EqualTo(SparkplugMessageType.NBIRTH));
        var nbirth = mine[0].Sparkplug;
        Assert.That(nbirth.Seq, Is.EqualTo(0UL));
        ulong bdSeq = nbirth.Metrics.Single(m => m.Name == EdgeMetrics.BdSeq).LongValue;
        Assert.That(mine[1].Parsed.Type, Is.EqualTo(SparkplugMessageType.DBIRTH));
        Assert.That(mine[1].Parsed.Device, Is.EqualTo("detector"));
        var birthAliases = mine[1].Sparkplug.Metrics.ToDictionary(m => m.Alias, m => m.Name);
        Assert.That(birthAliases.Values, Does.Contain(EdgeMetrics.Score).And.Contain(EdgeMetrics.EventSeq).And.Contain(EdgeMetrics.ContributionPrefix + "vib_x"));

        // seq: +1 per message (mod 256) from the NBIRTH to the DDEATH; NDEATH carries none.
        var sequenced = mine.Where(m => m.Parsed.Type != SparkplugMessageType.NDEATH).ToList();
        for (int i = 1; i < sequenced.Count; i++)
            Assert.That(SequenceCounter.Follows(sequenced[i - 1].Sparkplug.Seq, sequenced[i].Sparkplug.Seq), Is.True,
                $"message {i} ({sequenced[i].Parsed.Type}) has seq {sequenced[i].Sparkplug.Seq} after {sequenced[i - 1].Sparkplug.Seq}");
        Assert.That(sequenced[^1].Parsed.Type, Is.EqualTo(SparkplugMessageType.DDEATH));
        var ndeath = mine.Last(m => m.Parsed.Type == SparkplugMessageType.NDEATH).Sparkplug;
        Assert.That(ndeath.Metrics.Single(m => m.Name == EdgeMetrics.BdSeq).LongValue, Is.EqualTo(bdSeq), "NDEATH's bdSeq matches the NBIRTH's");
        Assert.That(ndeath.HasSeq, Is.False);

        // DATA: aliases announced in the DBIRTH, no names.
        foreach (var m in mine.Where(m => m.Parsed.Type == SparkplugMessageType.DDATA).SelectMany(m => m.Sparkplug.Metrics))
        {
            Assert.That(m.HasName, Is.False, "DDATA sends aliases only");
            Assert.That(birthAliases.ContainsKey(m.Alias), Is.True, $"alias {m.Alias} was announced in the DBIRTH");
        }

        // Every journal event exactly once, in journal order, its kind and line intact.
        var journal = h.Journal();
        var seqs = plant.EventSeqs();
        Assert.That(seqs, Is.EqualTo(journal.Select(e => e.GetProperty("seq").GetInt64()).ToList()));
        Assert.That(seqs[^1], Is.EqualTo(lastSeq));
        var firstEvent = mine.First(m => m.Parsed.Type == SparkplugMessageType.DDATA && m.Sparkplug.Metrics.Any(x => x.Alias == EdgeMetrics.AliasOf(EdgeMetrics.EventJson))).Sparkplug;
        string json = firstEvent.Metrics.Single(x => x.Alias == EdgeMetrics.AliasOf(EdgeMetrics.EventJson)).StringValue;
        Assert.That(json, Is.EqualTo(System.Text.Json.JsonSerializer.Serialize(journal[0])));
        Assert.That(firstEvent.Metrics.Single(x => x.Alias == EdgeMetrics.AliasOf(EdgeMetrics.EventKind)).StringValue, Is.EqualTo(journal[0].GetProperty("kind").GetString()));
    }
}
