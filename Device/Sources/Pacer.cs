namespace EdgeAE.Device.Sources;

/// <summary>
/// Holds a producer to a timeline: data time advances at <c>speed</c> × wall time (0 = no waiting).
/// Sleeps in short slices so cancellation stays responsive; frames due within 1 ms go out together.
/// Elapsed time is read from the injected monotonic clock.
/// </summary>
public sealed class Pacer
{
    private readonly double speed;
    private readonly TimeProvider time;
    private readonly long start;

    public Pacer(double speed, TimeProvider time)
    {
        this.speed = speed;
        this.time = time;
        start = time.GetTimestamp();
    }

    /// <summary>Waits until <paramref name="dataOffset"/> (time since the data's start) is due. False if cancelled.</summary>
    public bool WaitUntil(TimeSpan dataOffset, CancellationToken cancellation)
    {
        if (speed <= 0) return !cancellation.IsCancellationRequested;
        while (true)
        {
            if (cancellation.IsCancellationRequested) return false;
            var due = dataOffset / speed;
            var left = due - time.GetElapsedTime(start);
            // Up to 1 ms early is fine (timestamps are data time) and spares a spinning core.
            if (left < TimeSpan.FromMilliseconds(1)) return true;
            // Sleep at most 50 ms so a cancellation is noticed quickly.
            cancellation.WaitHandle.WaitOne(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50));
        }
    }
}
