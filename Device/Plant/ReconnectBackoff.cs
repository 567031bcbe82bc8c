namespace EdgeAE.Device.Plant;

/// <summary>Exponential reconnect delay: doubles from the minimum to the maximum, ± 20 % jitter so a plant's boards do not reconnect in lockstep after a broker restart.</summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan min, max;
    private readonly Random random;
    private TimeSpan next;

    public ReconnectBackoff(TimeSpan min, TimeSpan max, Random random)
    {
        this.min = min;
        this.max = max;
        this.random = random;
        next = min;
    }

    public void Reset() => next = min;

    public TimeSpan Next()
    {
        var current = next;
        next = TimeSpan.FromTicks(Math.Min(max.Ticks, next.Ticks * 2));
        return current * (0.8 + 0.4 * random.NextDouble());
    }
}
