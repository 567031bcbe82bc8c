using System.Diagnostics;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Benchmarks;

/// <summary>
/// Feeds synthetic frames through <see cref="StreamingScorer"/> — windowing, normalization,
/// inference, error, detection: what the daemon does per sample — and measures frames/s and the
/// managed bytes allocated per scored window on this thread. Each window's frames are timed as a
/// unit so the throughput can be taken at the median, as the harness's inference rate is.
/// </summary>
public static class PipelineBench
{
    private const int DistinctFrames = 4096;

    public static PipelineResult Measure(byte[] bundleBytes, string path, InferenceSettings settings, int hop, int windows)
    {
        using var bundle = Bundle.Load(WithHop(bundleBytes, hop), path, settings);
        int channels = bundle.Manifest.ChannelCount;
        float[] frames = SyntheticFrames(channels);
        using var scorer = new StreamingScorer(bundle, new ScorerOptions { MicroBatch = 1 });
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        long frame = 0;

        // Warm-up: fill the first window and score a few hundred more, so JIT tiering, ORT's first
        // runs and lazy buffers are behind us before anything is counted.
        long warmTarget = 200;
        while (scorer.WindowsScored < warmTarget)
            Push(scorer, frames, channels, t0, ref frame);

        var perWindow = new List<double>(windows);
        long windowsBefore = scorer.WindowsScored;
        long framesBefore = frame;
        long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int w = 0; w < windows; w++)
        {
            long t0Ticks = Stopwatch.GetTimestamp();
            long target = scorer.WindowsScored + 1;
            while (scorer.WindowsScored < target)
                Push(scorer, frames, channels, t0, ref frame);
            perWindow.Add((Stopwatch.GetTimestamp() - t0Ticks) * 1e6 / Stopwatch.Frequency);
        }
        long end = Stopwatch.GetTimestamp();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        long scored = scorer.WindowsScored - windowsBefore;
        return new PipelineResult(hop, frame - framesBefore, scored, (end - start) / (double)Stopwatch.Frequency,
            TimingStats.From(perWindow).MedianUs, bytes / (double)scored);
    }

    private static void Push(StreamingScorer scorer, float[] frames, int channels, DateTime t0, ref long frame)
    {
        int slot = (int)(frame % DistinctFrames);
        scorer.Push(t0.AddTicks(frame * TimeSpan.TicksPerMillisecond), frames.AsSpan(slot * channels, channels));
        frame++;
    }

    /// <summary>The bundle re-stamped with another hop: same graph and hash, new manifest.</summary>
    public static byte[] WithHop(byte[] bundleBytes, int hop)
    {
        var model = OnnxModelIO.Parse(bundleBytes);
        var manifest = OnnxModelIO.ReadManifest(model) ?? throw new BundleException($"metadata_props[{BundleManifest.MetadataKey}]", "missing");
        if (manifest.Hop == hop) return bundleBytes;
        manifest.Hop = hop;
        OnnxModelIO.StampManifest(model, manifest);
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    /// <summary>Smooth per-channel sines with a little deterministic noise, in the unit range models expect.</summary>
    private static float[] SyntheticFrames(int channels)
    {
        var values = new float[DistinctFrames * channels];
        var random = new Random(7);
        for (int t = 0; t < DistinctFrames; t++)
            for (int c = 0; c < channels; c++)
                values[t * channels + c] = 0.5f + 0.4f * MathF.Sin(2 * MathF.PI * t / (50 + 7 * c)) + 0.02f * (random.NextSingle() - 0.5f);
        return values;
    }
}
