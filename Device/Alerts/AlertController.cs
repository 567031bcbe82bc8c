using EdgeAE.Device.Hosting;
using EdgeAE.Device.Options;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Device.Alerts;

/// <summary>
/// Drives the warning, alarm, sensor-fault and (optional) drift outputs from the detector level and the sensor-fault
/// state. Warning is on during any episode (≥ Warning), alarm only at Alarm. A timer tick (10 ms with a button, else 50 ms) enforces
/// minimum on-times and debounces the acknowledge button; timer and times come from the injected
/// <see cref="TimeProvider"/> (monotonic timestamps, never the wall clock). All outputs start and end in
/// their safe (inactive) state.
/// </summary>
public sealed class AlertController : IDisposable
{
    private readonly IPinBackend pins;
    private readonly AlertOutput? warning, alarm, fault, drift;
    private readonly int ackLine;
    private readonly TimeSpan debounce;
    private readonly object gate = new();
    private readonly TimeProvider time;
    private readonly ITimer timer;
    private bool ackRaw, ackStable;
    private long ackChanged;
    private bool disposed;

    public AlertController(IPinBackend pins, AlertsOptions options, TimeProvider? time = null)
    {
        this.pins = pins;
        this.time = time ??= TimeProvider.System;
        var minOn = TimeSpan.FromMilliseconds(options.MinOnMilliseconds);
        try
        {
            if (options.WarningPin >= 0) warning = new AlertOutput(pins, options.WarningPin, "warning", options.ActiveLow, minOn, options.Latch, time);
            if (options.AlarmPin >= 0) alarm = new AlertOutput(pins, options.AlarmPin, "alarm", options.ActiveLow, minOn, options.Latch, time);
            if (options.FaultPin >= 0) fault = new AlertOutput(pins, options.FaultPin, "sensor-fault", options.ActiveLow, minOn, latch: false, time);
            if (options.DriftPin >= 0) drift = new AlertOutput(pins, options.DriftPin, "drift", options.ActiveLow, minOn, latch: false, time);
            ackLine = options.AckPin;
            if (ackLine >= 0) pins.OpenInput(ackLine, "acknowledge");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new StartupException($"cannot open GPIO lines on {pins.Description}: {e.Message.Split('\n')[0]} (permission: add the service user to the gpio group)", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new StartupException($"Alerts: cannot open GPIO lines on {pins.Description}: {e.Message.Split('\n')[0]}", e);
        }
        ackRaw = ackStable = true;   // pulled up = released
        debounce = TimeSpan.FromMilliseconds(options.AckDebounceMilliseconds);
        // 10 ms while a button must be debounced; otherwise 50 ms is fine for minimum on-times (and idles the CPU).
        var period = TimeSpan.FromMilliseconds(ackLine >= 0 ? 10 : 50);
        timer = time.CreateTimer(_ => Tick(), null, period, period);
    }

    public AlertLevel Level { get; private set; }
    public bool SensorFault { get; private set; }
    public bool WarningOn { get { lock (gate) return warning?.IsOn ?? false; } }
    public bool AlarmOn { get { lock (gate) return alarm?.IsOn ?? false; } }
    public bool FaultOn { get { lock (gate) return fault?.IsOn ?? false; } }
    public bool DriftOn { get { lock (gate) return drift?.IsOn ?? false; } }
    /// <summary>True while at least one input channel is drifted (whether or not a drift line is wired).</summary>
    public bool Drift { get; private set; }
    public long Acknowledgements { get; private set; }

    /// <summary>Each wired output's name, line offset, state and whether only the latch holds it on (the dashboard's view).</summary>
    public IReadOnlyList<(string Name, int Line, bool On, bool Latched)> Lines()
    {
        lock (gate)
            return new[] { warning, alarm, fault, drift }.OfType<AlertOutput>().Select(o => (o.Name, o.Line, o.IsOn, o.HeldByLatch)).ToArray();
    }

    /// <summary>The backend driving the lines (the simulated one records transitions for tests).</summary>
    public IPinBackend Pins => pins;

    public void SetLevel(AlertLevel level)
    {
        lock (gate)
        {
            if (disposed) return;
            Level = level;
            long now = time.GetTimestamp();
            warning?.Set(level >= AlertLevel.Warning, now);
            alarm?.Set(level >= AlertLevel.Alarm, now);
        }
    }

    public void SetSensorFault(bool active)
    {
        lock (gate)
        {
            if (disposed) return;
            SensorFault = active;
            fault?.Set(active, time.GetTimestamp());
        }
    }

    /// <summary>The drift line: on while some input channel has drifted from the calibration data (information, not an alarm).</summary>
    public void SetDrift(bool active)
    {
        lock (gate)
        {
            if (disposed) return;
            Drift = active;
            drift?.Set(active, time.GetTimestamp());
        }
    }

    /// <summary>Releases latched outputs as a debounced press of the acknowledge button would (a plant command).</summary>
    public void Acknowledge()
    {
        lock (gate)
        {
            if (disposed) return;
            // The outputs' clock: the injected TimeProvider's timestamps (as every other call here).
            long now = time.GetTimestamp();
            Acknowledgements++;
            warning?.Acknowledge(now);
            alarm?.Acknowledge(now);
        }
    }

    /// <summary>Everything off now (start, stop, unhandled error).</summary>
    public void SafeState()
    {
        lock (gate)
        {
            warning?.ForceSafe();
            alarm?.ForceSafe();
            fault?.ForceSafe();
            drift?.ForceSafe();
        }
    }

    private void Tick()
    {
        lock (gate)
        {
            if (disposed) return;
            long now = time.GetTimestamp();
            if (ackLine >= 0)
            {
                bool raw = pins.Read(ackLine);
                if (raw != ackRaw)
                {
                    ackRaw = raw;
                    ackChanged = now;
                }
                else if (raw != ackStable && time.GetElapsedTime(ackChanged, now) >= debounce)
                {
                    ackStable = raw;
                    if (!raw)
                    {
                        // A debounced press (pulled-up input going low) releases the latches.
                        Acknowledgements++;
                        warning?.Acknowledge(now);
                        alarm?.Acknowledge(now);
                    }
                }
            }
            warning?.Tick(now);
            alarm?.Tick(now);
            fault?.Tick(now);
            drift?.Tick(now);
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        lock (gate)
        {
            if (disposed) return;
            SafeState();
            disposed = true;
        }
        pins.Dispose();
    }
}
