using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Inference;

namespace EdgeAE.Export.Benchmarks;

/// <summary>
/// Times EdgeAE's inference call — <see cref="ReconstructionModel.Run"/>, the one the streaming
/// scorer makes per (micro-)batch — on a loaded bundle, over the harness's input values so both
/// sides compute on the same numbers.
/// </summary>
public static class ManagedInferenceBench
{
    public static TimingStats Measure(Bundle bundle, int batch, int warmup, int minIterations, TimeSpan minDuration)
    {
        using var model = new ReconstructionModel(bundle, batch);
        if (model.Capacity < batch)
            throw new InputException($"the model takes at most {model.Capacity} windows per run, not {batch}");
        var values = new float[batch * model.WindowValues];
        FillLikeHarness(values);
        for (int i = 0; i < batch; i++)
            values.AsSpan(i * model.WindowValues, model.WindowValues).CopyTo(model.InputSlot(i));
        return TimingStats.Measure(() => model.Run(batch), warmup, minIterations, minDuration);
    }

    /// <summary>The harness's LCG (state·1664525 + 1013904223, top 24 bits / 2²⁴): values in [0, 1).</summary>
    public static void FillLikeHarness(Span<float> values)
    {
        uint state = 12345u;
        for (int i = 0; i < values.Length; i++)
        {
            state = state * 1664525u + 1013904223u;
            values[i] = (state >> 8) / 16777216.0f;
        }
    }
}
