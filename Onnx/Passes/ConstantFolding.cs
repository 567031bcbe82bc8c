using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Inference;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeAE.Onnx.Passes;

/// <summary>
/// Replaces every subgraph that does not depend on the graph input (Constant nodes, weights that pass
/// through Transpose/Cast/Reshape, shape arithmetic on constants) by initializers. The values are
/// computed by ONNX Runtime itself, so the folded numbers are exactly what the node would produce.
/// Shape computations that read the input (batch-dependent) are left alone.
/// </summary>
public static class ConstantFolding
{
    // Non-deterministic or control-flow ops must keep running at inference time.
    private static readonly HashSet<string> Unfoldable = new(StringComparer.Ordinal)
    {
        "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Multinomial", "Bernoulli",
        "If", "Loop", "Scan", "SequenceConstruct", "SequenceEmpty",
    };

    /// <summary>Rewrites <paramref name="model"/> in place; returns the number of nodes folded away (0 when nothing could be).</summary>
    public static int Apply(ModelProto model)
    {
        var graph = model.Graph;
        var constant = new HashSet<string>(graph.Initializer.Select(i => i.Name), StringComparer.Ordinal);
        // Initializers that are also graph inputs can be overridden at run time: not constants.
        constant.ExceptWith(graph.Input.Select(i => i.Name));
        var foldable = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            if (node.Domain is not ("" or "ai.onnx") || Unfoldable.Contains(node.OpType)) continue;
            if (node.Input.All(i => i.Length == 0 || constant.Contains(i)))
            {
                foldable.Add(node);
                constant.UnionWith(node.Output.Where(o => o.Length > 0));
            }
        }
        if (foldable.Count == 0) return 0;

        var foldableSet = foldable.ToHashSet();
        var produced = foldable.SelectMany(n => n.Output).Where(o => o.Length > 0).ToHashSet(StringComparer.Ordinal);
        // Values the rest of the graph reads: these become initializers.
        var needed = graph.Node.Where(n => !foldableSet.Contains(n)).SelectMany(n => n.Input)
            .Where(produced.Contains).Distinct().ToList();
        if (graph.Output.Any(o => produced.Contains(o.Name))) return 0;
        if (needed.Count == 0) return 0;

        var values = Evaluate(model, foldable, needed);
        if (values is null) return 0;
        foreach (var node in foldable) graph.Node.Remove(node);
        foreach (var t in values) graph.Initializer.Add(t);
        GraphEdits.PruneUnused(graph);
        return foldable.Count;
    }

    /// <summary>Runs the constant subgraph in ORT; null when an output has a type we do not store.</summary>
    private static List<TensorProto>? Evaluate(ModelProto model, List<NodeProto> nodes, List<string> outputs)
    {
        var sub = new GraphProto { Name = "constant_subgraph" };
        sub.Node.AddRange(nodes.Select(n => n.Clone()));
        var read = nodes.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        sub.Initializer.AddRange(model.Graph.Initializer.Where(i => read.Contains(i.Name)).Select(i => i.Clone()));
        foreach (var o in outputs) sub.Output.Add(new ValueInfoProto { Name = o });
        var subModel = new ModelProto { IrVersion = Math.Min(model.IrVersion <= 0 ? OnnxModelIO.IrVersion : model.IrVersion, OnnxModelIO.IrVersion), Graph = sub };
        subModel.OpsetImport.AddRange(model.OpsetImport.Select(o => o.Clone()));

        SessionFactory.EnsureEnvironment();
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(subModel.ToByteArray(), options);
        using var run = new RunOptions();
        using var results = session.Run(run, Array.Empty<string>(), Array.Empty<OrtValue>(), outputs);
        var tensors = new List<TensorProto>(outputs.Count);
        for (int i = 0; i < outputs.Count; i++)
        {
            var info = results[i].GetTensorTypeAndShape();
            long[] dims = info.Shape;
            TensorProto? t = info.ElementDataType switch
            {
                TensorElementType.Float => OnnxTensors.Float(outputs[i], results[i].GetTensorDataAsSpan<float>(), dims),
                TensorElementType.Int64 => OnnxTensors.Int64(outputs[i], results[i].GetTensorDataAsSpan<long>(), dims),
                TensorElementType.Int32 => OnnxTensors.Int32(outputs[i], results[i].GetTensorDataAsSpan<int>(), dims),
                TensorElementType.Int8 => OnnxTensors.Int8(outputs[i], results[i].GetTensorDataAsSpan<sbyte>(), dims),
                TensorElementType.UInt8 => OnnxTensors.UInt8(outputs[i], results[i].GetTensorDataAsSpan<byte>(), dims),
                _ => null,
            };
            if (t is null) return null;
            tensors.Add(t);
        }
        return tensors;
    }
}
