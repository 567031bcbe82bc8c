using System.Text;
using System.Text.Json;
using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests.Plant;

/// <summary>JSON mode for simple consumers: journal lines on …/events, telemetry on …/telemetry, a retained status (offline as the will), commands on …/cmd.</summary>
public class JsonTopicTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("json");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public async Task EventsTelemetryStatusAndCommandsAsJson()
    {
        PlantSetup.RequireMosquitto();
        using var broker = new MosquittoBroker(dir);
        await using var plant = new PlantConsumer(broker, "edgeae/plant1/#", "plant-json");
        var o = PlantSetup.FaultyBoard(dir, broker, "press-2");
        o.Mqtt.Protocol = Device.Plant.PlantProtocol.Json;
        using var h = new DeviceHarness(o);
        var link = h.Components.Plant!.Link;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await link.StartAsync(cts.Token);
        var run = Task.Factory.StartNew(() => h.Pipeline.Run(cts.Token), TaskCreationOptions.LongRunning);
        List<JsonElement> Leaf(string leaf) => plant.Messages.Where(m => m.Topic == $"edgeae/plant1/press-2/{leaf}")
            .Select(m => JsonDocument.Parse(m.Payload).RootElement.Clone()).ToList();
        PlantSetup.WaitUntil(() => Leaf("events").Count >= 5 && Leaf("telemetry").Count >= 3, TimeSpan.FromSeconds(30), "JSON events and telemetry");

        Assert.That(Leaf("status")[0].GetProperty("online").GetBoolean(), Is.True);
        var events = Leaf("events");
        Assert.That(events.Select(e => e.GetProperty("seq").GetInt64()), Is.Ordered.Ascending.And.Unique);
        Assert.That(events[0].GetRawText(), Is.EqualTo(h.Journal()[0].GetRawText()), "the journal line itself");
        var telemetry = Leaf("telemetry")[^1];
        Assert.That(telemetry.GetProperty("model_hash").GetString(), Is.EqualTo(h.Pipeline.Scorer.Manifest.Provenance.GraphSha256[..12]));
        Assert.That(telemetry.GetProperty("channels").GetArrayLength(), Is.EqualTo(telemetry.GetProperty("contributions").GetArrayLength()));

        await plant.PublishAsync("edgeae/plant1/press-2/cmd", Encoding.UTF8.GetBytes("{\"command\":\"acknowledge\"}"));
        PlantSetup.WaitUntil(() => h.Components.Alerts.Acknowledgements == 1, TimeSpan.FromSeconds(10), "the JSON acknowledge command");

        cts.Cancel();
        run.Wait(TimeSpan.FromSeconds(10));
        await link.StopAsync(CancellationToken.None);
        PlantSetup.WaitUntil(() => Leaf("status").Count >= 2, TimeSpan.FromSeconds(10), "the offline status");
        Assert.That(Leaf("status")[^1].GetProperty("online").GetBoolean(), Is.False);
        Assert.That(plant.Messages.Last(m => m.Topic.EndsWith("/status")).Topic, Is.EqualTo("edgeae/plant1/press-2/status"));
    }
}
