namespace EdgeAE.Device.Alerts;

/// <summary>
/// One alert output line: wanted on/off → physical level, holding a minimum on-time and
/// (optionally) a latch that only an acknowledge releases. Times are <see cref="TimeProvider.GetTimestamp"/>
/// readings of the controller's monotonic clock. Not thread-safe: <see cref="AlertController"/> serializes access.
/// </summary>
public sealed class AlertOutput
{
    private readonly IPinBackend pins;
    private readonly bool activeLow;
    private readonly TimeSpan minOn;
    private readonly bool latch;
    private readonly TimeProvider time;
    private bool wanted;
    private bool latched;
    private long onSince;

    public AlertOutput(IPinBackend pins, int line, string name, bool activeLow, TimeSpan minOn, bool latch, TimeProvider time)
    {
        this.pins = pins;
        this.time = time;
        Line = line;
        Name = name;
        this.activeLow = activeLow;
        this.minOn = minOn;
        this.latch = latch;
        pins.OpenOutput(line, name, Physical(false));
    }

    public int Line { get; }
    public string Name { get; }
    public bool IsOn { get; private set; }
    /// <summary>On only because of the latch: the episode is over, an acknowledge releases it.</summary>
    public bool HeldByLatch => IsOn && latched && !wanted;

    public void Set(bool on, long now)
    {
        wanted = on;
        if (on) latched = latch;
        Apply(now);
    }

    /// <summary>Re-evaluates time-dependent holds (minimum on-time).</summary>
    public void Tick(long now) => Apply(now);

    public void Acknowledge(long now)
    {
        latched = false;
        Apply(now);
    }

    /// <summary>Drives the line inactive now, ignoring holds (start, stop, crash).</summary>
    public void ForceSafe()
    {
        wanted = false;
        latched = false;
        IsOn = false;
        pins.Write(Line, Physical(false));
    }

    private void Apply(long now)
    {
        bool on = wanted || latched || (IsOn && time.GetElapsedTime(onSince, now) < minOn);
        if (on == IsOn) return;
        IsOn = on;
        if (on) onSince = now;
        pins.Write(Line, Physical(on));
    }

    private bool Physical(bool on) => on != activeLow;
}
