namespace EdgeAE.Runtime.Streaming;

/// <summary>One sample of every channel at one instant. A ref struct: frames never reach the heap.</summary>
public readonly ref struct SampleFrame
{
    public SampleFrame(DateTime timestamp, ReadOnlySpan<float> values)
    {
        Timestamp = timestamp;
        Values = values;
    }

    public DateTime Timestamp { get; }
    public ReadOnlySpan<float> Values { get; }
}
