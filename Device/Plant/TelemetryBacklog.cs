using EdgeAE.Plant.Sparkplug;

namespace EdgeAE.Device.Plant;

/// <summary>
/// Telemetry samples waiting for the broker, in memory, oldest first. The whole backlog (these
/// samples plus unsent events) is bounded by <c>Mqtt:MaxBacklogBytes</c>: past it the oldest
/// telemetry is dropped and counted; events are never dropped (they stay in the journal).
/// </summary>
public sealed class TelemetryBacklog
{
    private readonly LinkedList<(TelemetrySample Sample, int Bytes)> samples = new();
    private readonly object gate = new();
    private readonly long maxBytes;
    private long bytes;

    public TelemetryBacklog(long maxBytes) => this.maxBytes = maxBytes;

    public int Count { get { lock (gate) return samples.Count; } }
    public long Bytes { get { lock (gate) return bytes; } }
    public long Dropped { get; private set; }

    /// <summary>True (once per overflow) when unsent events alone exceed the bound: they are kept anyway.</summary>
    public bool EventsOverBound { get; private set; }

    /// <summary>Approximate encoded size: fixed metrics plus one float per channel.</summary>
    public static int SizeOf(TelemetrySample s) => 256 + 24 * s.Channels.Length;

    public void Add(TelemetrySample sample, long pendingEventBytes)
    {
        lock (gate)
        {
            int size = SizeOf(sample);
            samples.AddLast((sample, size));
            bytes += size;
            while (samples.Count > 0 && bytes + pendingEventBytes > maxBytes)
            {
                bytes -= samples.First!.Value.Bytes;
                samples.RemoveFirst();
                Dropped++;
            }
            EventsOverBound = pendingEventBytes > maxBytes;
        }
    }

    public bool TryPeek(out TelemetrySample sample)
    {
        lock (gate)
        {
            sample = samples.First?.Value.Sample!;
            return sample is not null;
        }
    }

    /// <summary>Removes <paramref name="sample"/> if it is still the oldest (it may have been dropped meanwhile).</summary>
    public void Remove(TelemetrySample sample)
    {
        lock (gate)
        {
            if (samples.First is { } first && ReferenceEquals(first.Value.Sample, sample))
            {
                bytes -= first.Value.Bytes;
                samples.RemoveFirst();
            }
        }
    }
}
