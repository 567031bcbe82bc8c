using EdgeAE.Device.Options;

namespace EdgeAE.Device.Pipeline;

/// <summary>
/// Generic checks on every frame of every source: non-finite values, stuck channels, silence and
/// source-reported faults. Keeps one fault state for the whole source (a sensor fault means the
/// device cannot judge the machine) and reports when it starts and when it clears (after
/// Health:ClearAfterSamples consecutive good frames). Allocation-free per frame.
/// </summary>
public sealed class SensorHealthMonitor
{
    private readonly string[] channels;
    private readonly int stuckSamples;
    private readonly int clearAfter;
    private readonly TimeSpan downAfter;
    private readonly float[] last;
    private readonly int[] runs;
    private bool haveLast;
    private int goodStreak;
    private long lastFrameTicks;   // Environment.TickCount64 at the last frame

    public SensorHealthMonitor(IReadOnlyList<string> channels, HealthOptions options)
    {
        this.channels = channels.ToArray();
        stuckSamples = options.StuckSamples;
        clearAfter = options.ClearAfterSamples;
        downAfter = options.DownAfter;
        last = new float[channels.Count];
        runs = new int[channels.Count];
        lastFrameTicks = Environment.TickCount64;
    }

    public bool Faulted { get; private set; }
    public SensorFaultKind Kind { get; private set; }
    public string Sensor { get; private set; } = "";
    public long Faults { get; private set; }

    /// <summary>Checks one frame. Returns true (and the change) when the fault state changed.</summary>
    public bool Check(ReadOnlySpan<float> values, out SensorFaultChange change)
    {
        lastFrameTicks = Environment.TickCount64;
        change = default;
        for (int c = 0; c < values.Length; c++)
        {
            float v = values[c];
            if (!float.IsFinite(v))
            {
                runs[c] = 0;
                return Raise(SensorFaultKind.NonFinite, channels[c], $"{channels[c]} = {v}", out change);
            }
            if (stuckSamples > 0)
            {
                // Bit-exact equality: a live analog signal with noise never repeats exactly for long.
                runs[c] = haveLast && v == last[c] ? runs[c] + 1 : 1;
                last[c] = v;
                if (runs[c] >= stuckSamples)
                    return Raise(SensorFaultKind.Stuck, channels[c], $"{channels[c]} stuck at {v} for {runs[c]} samples", out change);
            }
        }
        haveLast = true;
        if (Faulted && ++goodStreak >= clearAfter)
        {
            Faulted = false;
            change = new SensorFaultChange(false, Kind, Sensor, $"{Sensor} healthy again ({goodStreak} good samples)");
            return true;
        }
        return false;
    }

    /// <summary>Called when no frame arrived: raises <see cref="SensorFaultKind.Down"/> once the silence exceeds Health:DownAfter.</summary>
    public bool CheckSilence(out SensorFaultChange change)
    {
        change = default;
        var silent = TimeSpan.FromMilliseconds(Environment.TickCount64 - lastFrameTicks);
        if (silent < downAfter) return false;
        return Raise(SensorFaultKind.Down, "source", $"no data for {silent.TotalSeconds:0.#} s", out change);
    }

    /// <summary>A fault the source itself reported (bus error, port gone).</summary>
    public bool Report(string sensor, string message, out SensorFaultChange change) =>
        Raise(SensorFaultKind.Bus, sensor, message, out change);

    private bool Raise(SensorFaultKind kind, string sensor, string message, out SensorFaultChange change)
    {
        goodStreak = 0;
        if (kind != SensorFaultKind.Stuck) haveLast = false;   // restart stuck runs after a gap
        if (Faulted)
        {
            change = default;
            return false;
        }
        Faulted = true;
        Kind = kind;
        Sensor = sensor;
        Faults++;
        change = new SensorFaultChange(true, kind, sensor, message);
        return true;
    }
}
