namespace EdgeAE.Device.Sources;

/// <summary>
/// Holds a producer to a timeline: data time advances at <c>speed</c> × wall time (0 = no waiting).
/// Frames due within the burst span go out together, and the pacer then sleeps until the next frame
/// is due: at 1 kHz with a 10 ms burst that is ~100 wake-ups a second of this thread and of the
/// scorer instead of 1,000 (the per-frame wake-ups were most of the daemon's CPU beyond inference).
/// Sleeps in slices of at most 50 ms so cancellation stays responsive. Elapsed time is read from the
/// injected monotonic clock.
/// </summary>
public sealed class Pacer
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(50);
    // Even "every frame on its own" accepts 1 ms early: timestamps are data time, and a sleep shorter
    // than the timer's slack would only spin.
    private static readonly TimeSpan MinBurst = TimeSpan.FromMilliseconds(1);

    private readonly double speed;
    private readonly TimeProvider time;
    private readonly TimeSpan burst;
    private readonly long start;

    public Pacer(double speed, TimeProvider time, TimeSpan burst = default)
    {
        this.speed = speed;
        this.time = time;
        this.burst = burst > MinBurst ? burst : MinBurst;
        start = time.GetTimestamp();
    }

    /// <summary>Times this pacer slept (diagnostics and tests: the wake-ups it cost).</summary>
    public long Sleeps { get; private set; }

    /// <summary>Waits until <paramref name="dataOffset"/> (time since the data's start) is due, or due within the burst span. False if cancelled.</summary>
    public bool WaitUntil(TimeSpan dataOffset, CancellationToken cancellation)
    {
        if (speed <= 0) return !cancellation.IsCancellationRequested;
        while (true)
        {
            if (cancellation.IsCancellationRequested) return false;
            var due = dataOffset / speed;
            var left = due - time.GetElapsedTime(start);
            if (left < burst) return true;
            // Sleep until the frame is due (not just into the burst span): the frames after it then
            // fall into the span and leave with it, one wake-up for all of them.
            Sleeps++;
            cancellation.WaitHandle.WaitOne(left < MaxSleep ? left : MaxSleep);
        }
    }
}
