namespace EdgeAE.Device.Pipeline;

/// <summary>
/// Holds the newest N frames back from the scorer. A stuck channel is only recognisable after N
/// equal samples; by then those samples are still here and can be discarded, so a frozen sensor
/// never reaches the model as a false anomaly. Allocated once.
/// </summary>
public sealed class DelayLine
{
    private readonly int capacity;
    private readonly int channels;
    private readonly float[] values;
    private readonly DateTime[] times;
    private int start;
    private int count;

    public DelayLine(int capacity, int channels)
    {
        this.capacity = capacity;
        this.channels = channels;
        values = new float[Math.Max(1, capacity) * channels];
        times = new DateTime[Math.Max(1, capacity)];
    }

    public int Count => count;

    /// <summary>Adds a frame; when full, the oldest frame is copied to <paramref name="released"/> first and true is returned.</summary>
    public bool Push(DateTime t, ReadOnlySpan<float> frame, Span<float> released, out DateTime releasedTime)
    {
        releasedTime = default;
        if (capacity == 0)
        {
            frame.CopyTo(released);
            releasedTime = t;
            return true;
        }
        bool full = count == capacity;
        if (full)
        {
            values.AsSpan(start * channels, channels).CopyTo(released);
            releasedTime = times[start];
            start = (start + 1) % capacity;
            count--;
        }
        int slot = (start + count) % capacity;
        frame.CopyTo(values.AsSpan(slot * channels, channels));
        times[slot] = t;
        count++;
        return full;
    }

    /// <summary>Takes the oldest held frame (used to flush at the end of data or before a non-stuck fault).</summary>
    public bool TryTake(Span<float> destination, out DateTime t)
    {
        t = default;
        if (count == 0) return false;
        values.AsSpan(start * channels, channels).CopyTo(destination);
        t = times[start];
        start = (start + 1) % capacity;
        count--;
        return true;
    }

    public void Clear()
    {
        start = 0;
        count = 0;
    }
}
