using EdgeAE.Device.Sensors;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>An <see cref="ISensorChip"/> that delivers scripted batches of samples, for alignment and fault tests.</summary>
public sealed class ScriptedChip(string[] channels, double rateHz = 100) : ISensorChip
{
    /// <summary>Each Read takes the next batch (samples × channels values); an empty queue means nothing new.</summary>
    public Queue<float[][]> Batches { get; } = new();

    public int Initializations { get; private set; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<string> Channels => channels;

    public double RateHz => rateHz;

    public void Initialize() => Initializations++;

    public int Read(Span<float> destination, int maxSamples)
    {
        if (!Batches.TryDequeue(out float[][]? batch))
        {
            return 0;
        }
        int n = Math.Min(batch.Length, maxSamples);
        for (int s = 0; s < n; s++)
        {
            batch[s].CopyTo(destination[(s * channels.Length)..]);
        }
        return n;
    }

    public void Dispose() => Disposed = true;

    /// <summary>A batch of single-channel samples.</summary>
    public void Add(params float[] samples) => Batches.Enqueue([.. samples.Select(v => new[] { v })]);
}
