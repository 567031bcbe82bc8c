using System.Diagnostics;

namespace EdgeAE.Device.Sensors;

/// <summary>
/// Waits used by drivers (conversion times, reset times, retry backoff). Thread.Sleep rounds to whole
/// milliseconds, so sub-millisecond waits spin on the Stopwatch instead.
/// </summary>
public static class Delay
{
    /// <summary>The production wait; drivers take an <c>Action&lt;TimeSpan&gt;</c> so tests can record waits instead.</summary>
    public static readonly Action<TimeSpan> Sleep = Wait;

    public static void Wait(TimeSpan time)
    {
        if (time <= TimeSpan.Zero)
        {
            return;
        }
        if (time >= TimeSpan.FromMilliseconds(1))
        {
            Thread.Sleep(time);
            return;
        }
        long until = Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(16);
        }
    }
}
