namespace EdgeAE.Training.Engine;

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

    public Compute(int threads = 1, Rng? rng = null, long parallelThreshold = DefaultParallelThreshold)
    {
        ParallelThreshold = parallelThreshold;
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

    /// <summary>
    /// Below this many multiply-adds per call, waking a second thread costs more than it saves
    /// (and far more on a loaded machine), so the chunks run inline. The chunking, hence the
    /// result, is the same either way.
    /// </summary>
    public const long DefaultParallelThreshold = 1 << 17;

    /// <summary>Multiply-adds per call from which chunks run on several threads (tests set 0 to force threads).</summary>
    public long ParallelThreshold { get; }

    /// <summary>Runs body(chunk, firstSample, sampleCount) for every chunk of an n-sample batch.</summary>
    /// <param name="workPerSample">Approximate multiply-adds per sample, to decide whether threads pay off.</param>
    public void ForChunks(int n, long workPerSample, Action<int, int, int> body)
    {
        int chunks = ChunkCount(n);
        if (Threads == 1 || chunks == 1 || workPerSample * n < ParallelThreshold)
        {
            for (int c = 0; c < chunks; c++)
                body(c, c * ChunkSize, Math.Min(ChunkSize, n - c * ChunkSize));
            return;
        }
        Parallel.For(0, chunks, options, c => body(c, c * ChunkSize, Math.Min(ChunkSize, n - c * ChunkSize)));
    }
}
