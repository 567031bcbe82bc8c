using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Runtime.Tests.Calibration;

public class WindowPeriodTests
{
    private static SensorTable Table(int rows, TimeSpan? period)
    {
        var times = period is { } p ? Enumerable.Range(0, rows).Select(i => new DateTime(2026, 1, 1) + p * i).ToArray() : null;
        return new SensorTable(["a"], new float[rows], times);
    }

    [Test]
    public void TheTablesOwnPeriodWinsOverTheGivenOne()
    {
        var table = Table(20, TimeSpan.FromMilliseconds(250));
        Assert.That(WindowPeriod.Of(table, 4, TimeSpan.FromSeconds(9)), Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void WithoutATimeColumnTheGivenRowPeriodIsUsed()
    {
        var table = Table(20, null);
        Assert.That(WindowPeriod.Of(table, 3, WindowPeriod.Seconds(0.5)), Is.EqualTo(TimeSpan.FromSeconds(1.5)));
    }

    [Test]
    public void UnknownPeriodIsZero()
    {
        Assert.That(WindowPeriod.Of(Table(20, null), 3), Is.EqualTo(TimeSpan.Zero));
        Assert.That(WindowPeriod.Seconds(null), Is.Null);
    }
}
