namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>A clock that only moves when the test says so, so timing rules are deterministic on a loaded machine.</summary>
public sealed class ManualTime : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => ticks;

    public void Advance(TimeSpan by) => ticks += by.Ticks;
}
