namespace EdgeAE.Device.Learning;

/// <summary>
/// What a training run will hold in memory, estimated before it starts: the table read from the
/// recording (values, times, the preprocessing copy), the training and hold-out windows (one window
/// per hop, each W×C floats) and the batch buffers. The cap refuses a run that would push the board
/// into swap or the OOM killer while the scoring thread must keep going; .NET has no per-thread cap.
/// </summary>
internal static class LearnMemory
{
    public static long Estimate(long rows, int channels, int window, int hop, int batch)
    {
        long table = rows * (channels * sizeof(float) * 2L + sizeof(long));
        long windows = rows / Math.Max(1, hop) * window * channels * sizeof(float);
        long batches = 4L * batch * window * channels * sizeof(float) * 8;   // activations and gradients of a few layers
        return table + windows + batches + 16L * 1024 * 1024;                // + model, optimizer state, ORT session for calibration
    }
}
