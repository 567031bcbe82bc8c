namespace EdgeAE.Device.Sensors;

/// <summary>
/// How <see cref="ChipArray"/> rides out transient bus errors (EREMOTEIO, timeouts): up to
/// <see cref="MaxAttempts"/> tries, sleeping <see cref="InitialDelay"/>, doubling up to <see cref="MaxDelay"/>.
/// Bounded so one poll never blocks for long: the defaults wait at most 2+4+8 = 14 ms.
/// </summary>
public sealed class SensorRetryPolicy
{
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Wait before attempt <paramref name="attempt"/> + 1 (attempt counts from 1).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        long ticks = InitialDelay.Ticks << Math.Min(attempt - 1, 20);
        return TimeSpan.FromTicks(Math.Min(ticks, MaxDelay.Ticks));
    }
}
