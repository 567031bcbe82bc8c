using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Runtime.Streaming;

/// <summary>
/// All windows of a recorded table, normalized and in the model's layout, produced by the very
/// <see cref="WindowAssembler"/> the device streams through (training, calibration and quantization
/// see exactly what the board will see).
/// </summary>
public static class WindowExtractor
{
    /// <summary>
    /// Returns model inputs concatenated (count × ModelWindow·C: W·C without a front end) and, per window, the table row of its last frame.
    /// <paramref name="hop"/> overrides the manifest's hop (e.g. 1 for dense training sets).
    /// </summary>
    public static (float[] Windows, int[] EndRows) Extract(SensorTable table, BundleManifest manifest, int? hop = null, BadSamplePolicy policy = BadSamplePolicy.Reject)
    {
        if (table.ChannelCount != manifest.ChannelCount)
            throw new InputException(table.Source, $"{table.ChannelCount} channels, the bundle expects {manifest.ChannelCount} ({string.Join(", ", manifest.Channels)})");
        SampleRateCheck.Require(table, manifest);
        var m = manifest;
        if (hop is int h && h != manifest.Hop)
        {
            m = ManifestJson.Clone(manifest);
            m.Hop = h;
        }
        var assembler = new WindowAssembler(m, policy);
        int per = assembler.ModelValues;
        int expected = ExpectedWindows(table.Rows, m.Window, m.Hop, m.PreprocessingWarmup());
        var windows = new List<float>(expected * per);
        var ends = new List<int>(expected);
        var buffer = new float[per];
        for (int r = 0; r < table.Rows; r++)
        {
            if (assembler.Push(table.TimeOf(r), table.Row(r)) != PushResult.WindowReady) continue;
            assembler.CopyWindowTo(buffer);
            windows.AddRange(buffer);
            ends.Add(r);
        }
        return (windows.ToArray(), ends.ToArray());
    }

    /// <summary>
    /// Windows a clean stream of <paramref name="rows"/> frames yields: the first once the warm-up and W
    /// frames have passed, then every H; a partial tail yields none.
    /// </summary>
    public static int ExpectedWindows(int rows, int window, int hop, int warmup = 0) =>
        rows < window + warmup ? 0 : (rows - window - warmup) / hop + 1;
}
