using EdgeAE.Device.Options;
using EdgeAE.Device.Sensors;

namespace EdgeAE.Device.Pipeline;

/// <summary>
/// Generic checks on every frame of every source: non-finite values, stuck channels, silence and
/// source-reported faults. Keeps one fault state for the whole source (a sensor fault means the
/// device cannot judge the machine) and reports when it starts and when it clears (after
/// Health:ClearAfterSamples consecutive good frames). Silence is measured on the injected monotonic
/// clock. Allocation-free per frame.
/// </summary>
public sealed class SensorHealthMonitor
{
    private readonly string[] channels;
    private readonly int stuckSamples;
    private readonly int clearAfter;
    private readonly TimeSpan downAfter;
    private readonly TimeProvider time;
    private readonly float[] last;
    private readonly int[] runs;
    private bool haveLast;
    private int goodStreak;
    private long lastFrameTimestamp;

    public SensorHealthMonitor(IReadOnlyList<string> channels, HealthOptions options, TimeProvider time)
    {
        this.channels = channels.ToArray();
        stuckSamples = options.StuckSamples;
        clearAfter = options.ClearAfterSamples;
        downAfter = options.DownAfter;
        this.time = time;
        last = new float[channels.Count];
        runs = new int[channels.Count];
        lastFrameTimestamp = time.GetTimestamp();
    }

    public bool Faulted { get; private set; }
    public SensorFaultKind Kind => Current.Kind;
    public string Sensor => Current.Sensor;
    public SensorFault Current { get; private set; }
    public long Faults { get; private set; }

    /// <summary>Checks one frame. Returns true (and the change) when the fault state changed.</summary>
    public bool Check(ReadOnlySpan<float> values, out SensorFaultChange change)
    {
        lastFrameTimestamp = time.GetTimestamp();
        change = default;
        for (int c = 0; c < values.Length; c++)
        {
            float v = values[c];
            if (!float.IsFinite(v))
            {
                runs[c] = 0;
                return Raise(new SensorFault(channels[c], SensorFaultKind.NonFinite, $"{channels[c]} = {v}"), out change);
            }
            if (stuckSamples > 0)
            {
                // Bit-exact equality: a live analog signal with noise never repeats exactly for long.
                runs[c] = haveLast && v == last[c] ? runs[c] + 1 : 1;
                last[c] = v;
                if (runs[c] >= stuckSamples)
                    return Raise(new SensorFault(channels[c], SensorFaultKind.Stuck, $"{channels[c]} stuck at {v} for {runs[c]} samples"), out change);
            }
        }
        haveLast = true;
        if (Faulted && ++goodStreak >= clearAfter)
        {
            Faulted = false;
            change = new SensorFaultChange(false, Current, $"{Sensor} healthy again ({goodStreak} good samples)");
            return true;
        }
        return false;
    }

    /// <summary>Called when no frame arrived: raises <see cref="SensorFaultKind.Down"/> once the silence exceeds Health:DownAfter.</summary>
    public bool CheckSilence(out SensorFaultChange change)
    {
        change = default;
        var silent = time.GetElapsedTime(lastFrameTimestamp);
        if (silent < downAfter) return false;
        return Raise(new SensorFault("source", SensorFaultKind.Down, $"no data for {silent.TotalSeconds:0.#} s"), out change);
    }

    /// <summary>A fault the source itself reported (bus error, stuck chip, port gone), with its kind.</summary>
    public bool Report(in SensorFault fault, out SensorFaultChange change) => Raise(fault, out change);

    private bool Raise(in SensorFault fault, out SensorFaultChange change)
    {
        goodStreak = 0;
        if (fault.Kind != SensorFaultKind.Stuck) haveLast = false;   // restart stuck runs after a gap
        // A stuck run found while another fault is active (NaN repaired by HoldLast keeps scoring) is
        // still reported: the pipeline must drop the frozen frames it holds back.
        if (Faulted && !(fault.Kind == SensorFaultKind.Stuck && Current.Kind != SensorFaultKind.Stuck))
        {
            change = default;
            return false;
        }
        Faulted = true;
        Current = fault;
        Faults++;
        change = new SensorFaultChange(true, fault, fault.Detail);
        return true;
    }
}
