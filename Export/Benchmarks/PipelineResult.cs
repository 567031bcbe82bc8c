namespace EdgeAE.Export.Benchmarks;

/// <summary>Streaming throughput and managed allocation of the device's scoring path at one hop.</summary>
/// <param name="MedianWindowUs">Median wall time to push the <paramref name="Hop"/> frames that complete one window and score it.</param>
/// <param name="Seconds">Total wall time of the run, including whatever else the machine was doing.</param>
public sealed record PipelineResult(int Hop, long Frames, long Windows, double Seconds, double MedianWindowUs, double BytesPerWindow)
{
    /// <summary>
    /// Frames (one timestamp × C channels) per second at the median window time: comparable with the
    /// harness's median-based rate, and, like it, insensitive to other processes on a shared machine.
    /// </summary>
    public double SamplesPerSecond => Hop * 1e6 / MedianWindowUs;

    /// <summary>Frames per second over the whole run's wall time (lower on a busy machine).</summary>
    public double WallSamplesPerSecond => Frames / Seconds;
}
