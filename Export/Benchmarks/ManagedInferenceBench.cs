using EdgeAE.Runtime.Bundles;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Export.Benchmarks;

/// <summary>
/// Times EdgeAE's per-window inference call on a loaded bundle: the session EdgeAE configured,
/// input and output tensors created once over managed arrays and bound with IoBinding, exactly one
/// RunWithBinding per window. Filled with the harness's input values so both run the same numbers.
/// </summary>
public static class ManagedInferenceBench
{
    public static TimingStats Measure(Bundle bundle, int batch, int warmup, int minIterations, TimeSpan minDuration)
    {
        long[] inShape = Concrete(bundle.Input.Dims, batch);
        long[] outShape = Concrete(bundle.Output.Dims, batch);
        var input = new float[Count(inShape)];
        var output = new float[Count(outShape)];
        FillLikeHarness(input);
        using var inValue = OrtValue.CreateTensorValueFromMemory(input, inShape);
        using var outValue = OrtValue.CreateTensorValueFromMemory(output, outShape);
        using var binding = bundle.Session.CreateIoBinding();
        using var runOptions = new RunOptions();
        binding.BindInput(bundle.Input.Name, inValue);
        binding.BindOutput(bundle.Output.Name, outValue);
        return TimingStats.Measure(() => bundle.Session.RunWithBinding(runOptions, binding), warmup, minIterations, minDuration);
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

    private static long[] Concrete(long[] dims, int batch)
    {
        var shape = (long[])dims.Clone();
        if (shape[0] <= 0) shape[0] = batch;
        return shape;
    }

    private static int Count(long[] shape) => checked((int)shape.Aggregate(1L, (p, d) => p * d));
}
