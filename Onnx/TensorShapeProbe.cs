using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Inference;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Onnx;

/// <summary>
/// Shapes of intermediate tensors, found by running ONNX Runtime once on one zero window with those
/// tensors added as outputs. Our graphs carry no value_info, and a bundle's window is fixed, so one
/// run gives the exact sizes a rewrite can bake in as constants instead of computing them per call.
/// </summary>
public static class TensorShapeProbe
{
    /// <summary>Shape (batch first) of each named float tensor for a batch of <paramref name="batch"/> zero windows; empty when there is nothing to probe.</summary>
    public static Dictionary<string, long[]> Shapes(ModelProto model, IReadOnlyCollection<string> tensors, int batch = 1)
    {
        var result = new Dictionary<string, long[]>(StringComparer.Ordinal);
        if (tensors.Count == 0) return result;
        var graph = model.Graph;
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var input = graph.Input.Single(i => !initializers.Contains(i.Name));
        long[] dims = [batch, .. input.Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue)];
        if (dims.Skip(1).Any(d => d <= 0))
            throw new InputException($"input '{input.Name}' needs fixed sizes after the batch to probe tensor shapes");

        var wanted = tensors.Distinct(StringComparer.Ordinal).ToList();
        var probe = GraphEdits.WithTensorsAsOutputs(model, wanted);

        var names = wanted.Where(t => t != input.Name).ToArray();
        if (names.Length > 0)
        {
            SessionFactory.EnsureEnvironment();
            using var options = SessionFactory.CreateOptions(new InferenceSettings());
            // Shapes need no optimization, and ORT's constant folding of a QDQ weight (DequantizeLinear on an
            // initializer) fails when that DequantizeLinear's output is one of the probed outputs
            // ("Attempt to replace the existing tensor"): the int8 bundles' FLOPs came out as "?".
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
            using var session = new InferenceSession(probe.ToByteArray(), options);
            using var value = OrtValue.CreateTensorValueFromMemory(new float[dims.Aggregate(1L, (a, d) => a * d)], dims);
            using var run = new RunOptions();
            using var results = session.Run(run, [input.Name], [value], names);
            for (int i = 0; i < names.Length; i++) result[names[i]] = results[i].GetTensorTypeAndShape().Shape;
        }
        if (wanted.Contains(input.Name)) result[input.Name] = dims;
        return result;
    }
}
