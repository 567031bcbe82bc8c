using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Inference;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeAE.Quantization.Calibration;

/// <summary>
/// Runs a graph in float (ORT basic optimization: no fused integer kernels, so a QDQ graph runs as
/// the int8 arithmetic it describes, and any tensor can be read) over calibration windows in
/// batches, with the named tensors added as outputs, and hands each batch's values to a callback.
/// </summary>
internal static class WindowRunner
{
    /// <param name="onBatch">Called once per batch with the input slice and, per fetched tensor, its values and shape.</param>
    public static void Run(ModelProto model, IReadOnlyCollection<string> tensors, float[] windows, int windowValues, int batchSize,
        Action<ReadOnlySpan<float>, string, ReadOnlySpan<float>, ReadOnlySpan<int>>? onTensor, Action<ReadOnlySpan<float>>? onInput = null)
    {
        var graph = model.Graph;
        var input = graph.Input.Single(i => !graph.Initializer.Any(t => t.Name == i.Name));
        var augmented = GraphEdits.WithTensorsAsOutputs(model, tensors);
        long[] dims = input.Type.TensorType.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1).ToArray();
        int fixedBatch = dims.Length > 0 && dims[0] > 0 ? (int)dims[0] : 0;
        int perWindow = 1;
        for (int i = 1; i < dims.Length; i++) perWindow *= dims[i] > 0 ? (int)dims[i] : 1;
        if (perWindow != windowValues)
            throw new InputException($"model input '{input.Name}' holds {perWindow} values per window, the manifest's windows have {windowValues}");

        SessionFactory.EnsureEnvironment();
        using var sessionOptions = SessionFactory.CreateOptions(new InferenceSettings { IntraOpThreads = Math.Clamp(Environment.ProcessorCount, 1, 4) });
        sessionOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC;
        using var session = new InferenceSession(augmented.ToByteArray(), sessionOptions);
        string[] fetch = tensors.Where(t => t != input.Name).ToArray();

        int count = windows.Length / windowValues;
        int batch = fixedBatch > 0 ? fixedBatch : Math.Max(1, batchSize);
        // One buffer for every batch: a fresh slice per batch (≥ 85 KB at 64 windows) went to the large
        // object heap, and thousands of them between gen-2 collections raised a board's peak memory.
        var buffer = new float[Math.Min(batch, Math.Max(count, 1)) * windowValues];
        var shape = dims.Select(d => (int)d).ToArray();
        for (int start = 0; start + (fixedBatch > 0 ? batch : 1) <= count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            var slice = buffer.AsMemory(0, n * windowValues);
            windows.AsSpan(start * windowValues, n * windowValues).CopyTo(slice.Span);
            onInput?.Invoke(slice.Span);
            if (fetch.Length == 0 || onTensor is null) continue;
            shape[0] = n;
            var tensor = new DenseTensor<float>(slice, shape);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(input.Name, tensor)], fetch);
            foreach (var r in results)
            {
                var t = r.AsTensor<float>();
                onTensor(slice.Span, r.Name, t is DenseTensor<float> dense ? dense.Buffer.Span : t.ToArray(), t.Dimensions);
            }
        }
    }
}
