namespace EdgeAE.Device.Tests.Support;

/// <summary>
/// A <see cref="TimeProvider"/> the test drives: the monotonic clock moves only on <see cref="Advance"/>
/// (firing due timers on the calling thread, so timing rules run without sleeping), and the wall clock
/// can be made to jump either way on its own (<see cref="JumpWall"/>), like a board without an RTC when
/// NTP syncs. Thread-safe.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly object gate = new();
    private readonly List<ManualTimer> timers = new();
    private readonly DateTimeOffset start;
    private long ticks;
    private long wallOffsetTicks;

    public TestClock(DateTimeOffset? start = null) => this.start = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(Interlocked.Read(ref ticks) + Interlocked.Read(ref wallOffsetTicks));

    /// <summary>Moves both clocks forward and runs every timer that fell due, in time order.</summary>
    public void Advance(TimeSpan by)
    {
        long target = Interlocked.Read(ref ticks) + by.Ticks;
        while (true)
        {
            ManualTimer? due = null;
            lock (gate)
                foreach (var t in timers)
                    if (t.DueAt <= target && (due is null || t.DueAt < due.DueAt)) due = t;
            if (due is null) break;
            if (due.DueAt > Interlocked.Read(ref ticks)) Interlocked.Exchange(ref ticks, due.DueAt);
            due.Fire();
        }
        Interlocked.Exchange(ref ticks, target);
    }

    /// <summary>Steps the wall clock only (NTP sync, a manual date change); timestamps and timers are unaffected.</summary>
    public void JumpWall(TimeSpan by) => Interlocked.Add(ref wallOffsetTicks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(TestClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long period;
        public long DueAt { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan periodTime)
        {
            lock (clock.gate)
            {
                clock.timers.Remove(this);
                period = periodTime == Timeout.InfiniteTimeSpan ? 0 : periodTime.Ticks;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                DueAt = clock.GetTimestamp() + dueTime.Ticks;
                clock.timers.Add(this);
            }
            return true;
        }

        public void Fire()
        {
            lock (clock.gate)
            {
                clock.timers.Remove(this);
                if (period > 0)
                {
                    DueAt += period;
                    clock.timers.Add(this);
                }
                else DueAt = long.MaxValue;
            }
            callback(state);
        }

        public void Dispose()
        {
            lock (clock.gate) clock.timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
