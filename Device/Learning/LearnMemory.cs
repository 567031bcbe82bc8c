namespace EdgeAE.Device.Learning;

/// <summary>
/// What a training run will hold in memory, estimated before it starts: the table read from the
/// recording (values, times, the preprocessing copy), the windows (one per hop, each W×C floats) in
/// the copies alive at the peak, and the batch buffers. The cap refuses a run that would push the
/// board into swap or the OOM killer while the scoring thread must keep going; .NET has no
/// per-thread cap.
/// </summary>
internal static class LearnMemory
{
    /// <summary>
    /// Copies of the windows alive at the peak, measured rather than counted: the trainer's training
    /// and hold-out sets, then the quantizer's calibration windows and the hold-out scoring while the
    /// trained model is still held. On the default recipe (window 60, 8 channels, hop 1: 1,920 B a
    /// window, one epoch) the managed heap grew 20 MiB at 1,000 rows and 82 MiB at 9,405 rows:
    /// 7.7 kB a row, 4.0 copies (5 leaves room). One copy, as this estimate first counted, said
    /// 36 MiB where 82–92 were held (BENCHMARKS.md, "On-board learning, sixth session").
    /// </summary>
    public const int WindowCopies = 5;

    public static long Estimate(long rows, int channels, int window, int hop, int batch)
    {
        long table = rows * (channels * sizeof(float) * 2L + sizeof(long));
        long windows = WindowCopies * (rows / Math.Max(1, hop) * window * channels * sizeof(float));
        long batches = 4L * batch * window * channels * sizeof(float) * 8;   // activations and gradients of a few layers
        return table + windows + batches + 16L * 1024 * 1024;                // + model, optimizer state, ORT session for calibration
    }
}
