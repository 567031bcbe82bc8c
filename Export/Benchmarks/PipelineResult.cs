namespace EdgeAE.Export.Benchmarks;

/// <summary>Streaming throughput and managed allocation of the device's scoring path at one hop.</summary>
public sealed record PipelineResult(int Hop, long Frames, long Windows, double Seconds, double BytesPerWindow)
{
    /// <summary>Frames (one timestamp × C channels) consumed per second.</summary>
    public double SamplesPerSecond => Frames / Seconds;
}
