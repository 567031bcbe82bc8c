namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>Stands in for real waits: records what the driver asked for and returns at once.</summary>
public sealed class SleepRecorder
{
    public List<TimeSpan> Waits { get; } = [];

    public Action<TimeSpan> Sleep => Waits.Add;

    public TimeSpan Total => TimeSpan.FromTicks(Waits.Sum(w => w.Ticks));
}
