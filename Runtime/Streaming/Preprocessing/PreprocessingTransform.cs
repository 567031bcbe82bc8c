using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Runtime.Streaming.Preprocessing;

/// <summary>
/// A recorded table as the preprocessing stages see it, for fitting what comes after them
/// (normalization, training windows). Runs the same <see cref="PreprocessingChain"/> the
/// <see cref="WindowAssembler"/> runs, over the rows in order: rows with a non-finite value (which
/// the assembler rejects) and the warm-up rows come out as NaN, so a window assembler over the
/// result skips them exactly as the streaming path does. The stages adapt on every frame, as they
/// do without a detector.
/// </summary>
public static class PreprocessingTransform
{
    public static SensorTable Apply(SensorTable table, IReadOnlyList<PreprocessingStageSpec> stages)
    {
        if (stages.Count == 0) return table;
        int channels = table.ChannelCount;
        var chain = new PreprocessingChain(stages, table.Channels);
        var values = new float[table.Values.Length];
        var frame = new float[channels];
        long seen = 0;
        for (int r = 0; r < table.Rows; r++)
        {
            var row = table.Row(r);
            var output = values.AsSpan(r * channels, channels);
            if (!AllFinite(row))
            {
                output.Fill(float.NaN);
                continue;
            }
            row.CopyTo(frame);
            chain.Apply(frame);
            if (seen++ < chain.Warmup) output.Fill(float.NaN);
            else frame.CopyTo(output);
        }
        return new SensorTable(table.Channels, values, table.Timestamps, table.Labels, table.Source);
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
