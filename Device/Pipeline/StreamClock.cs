namespace EdgeAE.Device.Pipeline;

/// <summary>
/// The time base live sources stamp frames with: the wall clock read once at start plus the monotonic
/// time elapsed since. Every duration the scorer, detector and commissioning derive from frame
/// timestamps is therefore a monotonic duration, even when the wall clock jumps (a board without an
/// RTC boots in 1970, or at its last shutdown time, and jumps when NTP syncs). For display, the journal
/// maps a stream time back to the wall clock with <see cref="WallOf"/>, using the offset between the two
/// clocks at the moment of writing.
/// </summary>
public sealed class StreamClock
{
    private readonly long startTimestamp;
    private readonly DateTime startWall;

    public StreamClock(TimeProvider time)
    {
        Time = time;
        startTimestamp = time.GetTimestamp();
        startWall = time.GetUtcNow().UtcDateTime;
    }

    /// <summary>The injected clock: <see cref="TimeProvider.GetTimestamp"/> for durations, <see cref="TimeProvider.GetUtcNow"/> for wall time.</summary>
    public TimeProvider Time { get; }

    /// <summary>Now, in stream time (never jumps).</summary>
    public DateTime Now => startWall + Time.GetElapsedTime(startTimestamp);

    /// <summary>The wall-clock time of stream time <paramref name="stream"/>, with today's offset between the clocks.</summary>
    public DateTime WallOf(DateTime stream)
    {
        long ticks = stream.Ticks + (Time.GetUtcNow().UtcDateTime - Now).Ticks;
        return ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks ? stream : new DateTime(ticks, DateTimeKind.Utc);
    }

    /// <summary>The wall clock now (journal timestamps of lifecycle events).</summary>
    public DateTime WallNow => Time.GetUtcNow().UtcDateTime;
}
