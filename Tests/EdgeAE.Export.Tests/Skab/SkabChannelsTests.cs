using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Tests.Skab;

public class SkabChannelsTests
{
    private static SensorTable Table() => new(["a", "Temperature", "b"], [1, 2, 3, 4, 5, 6], labels: [0, 1], source: "t");

    [Test]
    public void ExcludedChannelsAreDroppedCaseInsensitivelyAndLabelsKept()
    {
        var t = SkabChannels.Exclude(Table(), ["temperature", "Thermocouple"]);
        Assert.That(t.Channels, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(t.Values, Is.EqualTo(new float[] { 1, 3, 4, 6 }));
        Assert.That(t.Labels, Is.EqualTo(new float[] { 0, 1 }));
    }

    [Test]
    public void ExcludingEveryChannelIsAClearError()
    {
        var e = Assert.Throws<InputException>(() => SkabChannels.Exclude(Table(), ["a", "b", "temperature"]));
        Assert.That(e!.Message, Does.Contain("leaves no channel"));
    }
}
