namespace EdgeAE.Export.Training.Engine;

/// <summary>
/// How a batch is split over cores. The batch is cut into FIXED chunks of <see cref="ChunkSize"/>
/// samples whatever the thread count; each chunk writes its own partial gradients, which are then
/// summed in chunk order. Floating-point sums therefore happen in the same order with 1 or 8
/// threads, and training is bit-identical for any <see cref="Threads"/>.
/// </summary>
public sealed class Compute
{
    public const int ChunkSize = 4;
    private readonly ParallelOptions options;

    public Compute(int threads = 1, Rng? rng = null)
    {
        Threads = Math.Max(1, threads);
        options = new ParallelOptions { MaxDegreeOfParallelism = Threads };
        Rng = rng ?? new Rng(0);
    }

    public int Threads { get; }

    /// <summary>True while training: dropout active, batch norm uses batch statistics.</summary>
    public bool Training { get; set; }

    /// <summary>The one random stream of a training run; only touched from serial code.</summary>
    public Rng Rng { get; set; }

    public static int ChunkCount(int n) => (n + ChunkSize - 1) / ChunkSize;

    /// <summary>Runs body(chunk, firstSample, sampleCount) for every chunk of an n-sample batch.</summary>
    public void ForChunks(int n, Action<int, int, int> body)
    {
        int chunks = ChunkCount(n);
        if (Threads == 1 || chunks == 1)
        {
            for (int c = 0; c < chunks; c++)
                body(c, c * ChunkSize, Math.Min(ChunkSize, n - c * ChunkSize));
            return;
        }
        Parallel.For(0, chunks, options, c => body(c, c * ChunkSize, Math.Min(ChunkSize, n - c * ChunkSize)));
    }
}
