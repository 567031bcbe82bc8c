using EdgeAE.Onnx;
using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Passes;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Inference;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeAE.Quantization.Calibration;

/// <summary>
/// Runs the float graph with every tensor to calibrate added as a graph output over the calibration
/// windows, and feeds what comes out to one <see cref="RangeEstimator"/> per tensor.
/// </summary>
internal static class ActivationCalibrator
{
    /// <summary>
    /// <paramref name="fullRange"/> tensors (the model input and the reconstruction) always get their
    /// full observed range: the scorer compares the reconstruction with the unclipped input, so any
    /// clipping there lands in the score itself (measured: entropy clipping of the input moved the
    /// mean score by 24–35 %), while clipping hidden activations only costs reconstruction detail.
    /// </summary>
    public static Dictionary<string, TensorRange> Collect(ModelProto prepared, IReadOnlyCollection<string> tensors, ISet<string> fullRange, float[] windows, int windowValues, QuantizationOptions options)
    {
        var graph = prepared.Graph;
        var input = graph.Input.Single(i => !graph.Initializer.Any(t => t.Name == i.Name));
        var augmented = GraphEdits.WithTensorsAsOutputs(prepared, tensors);

        var estimators = tensors.ToDictionary(t => t, t => fullRange.Contains(t)
            ? new RangeEstimator(t, CalibrationMethod.MinMax)
            : new RangeEstimator(t, options.Method, options.Percentile, options.MovingAverage), StringComparer.Ordinal);
        long[] dims = input.Type.TensorType.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1).ToArray();
        int fixedBatch = dims.Length > 0 && dims[0] > 0 ? (int)dims[0] : 0;
        int perWindow = 1;
        for (int i = 1; i < dims.Length; i++) perWindow *= dims[i] > 0 ? (int)dims[i] : 1;
        if (perWindow != windowValues)
            throw new InputException($"model input '{input.Name}' holds {perWindow} values per window, the manifest's windows have {windowValues}");

        SessionFactory.EnsureEnvironment();
        using var sessionOptions = SessionFactory.CreateOptions(new InferenceSettings { IntraOpThreads = Math.Clamp(Environment.ProcessorCount, 1, 4) });
        // Basic optimization only: fused kernels would still honour the extra outputs, but nothing here needs speed more than plainness.
        sessionOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC;
        using var session = new InferenceSession(augmented.ToByteArray(), sessionOptions);
        string[] fetch = tensors.Where(t => t != input.Name).ToArray();

        int count = windows.Length / windowValues;
        int batch = fixedBatch > 0 ? fixedBatch : Math.Max(1, options.BatchSize);
        void Pass(bool second)
        {
            for (int start = 0; start + (fixedBatch > 0 ? batch : 1) <= count; start += batch)
            {
                int n = Math.Min(batch, count - start);
                var slice = new float[n * windowValues];
                Array.Copy(windows, (long)start * windowValues, slice, 0, slice.Length);
                if (estimators.TryGetValue(input.Name, out var inputEstimator)) Feed(inputEstimator, slice, second);
                var shape = dims.Select(d => (int)d).ToArray();
                shape[0] = n;
                var tensor = new DenseTensor<float>(slice, shape);
                using var results = session.Run([NamedOnnxValue.CreateFromTensor(input.Name, tensor)], fetch);
                foreach (var r in results)
                    Feed(estimators[r.Name], r.AsTensor<float>() is DenseTensor<float> dense ? dense.Buffer.Span : r.AsTensor<float>().ToArray(), second);
            }
        }
        Pass(second: false);
        if (estimators.Values.Any(e => e.NeedsSecondPass)) Pass(second: true);
        return estimators.ToDictionary(kv => kv.Key, kv => kv.Value.Range(), StringComparer.Ordinal);
    }

    private static void Feed(RangeEstimator e, ReadOnlySpan<float> values, bool second)
    {
        if (second) e.AddSecondPass(values);
        else e.AddFirstPass(values);
    }
}
