using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;

namespace EdgeAE.Onnx.Passes;

/// <summary>
/// Makes axis 0 of the data input and of every graph output the symbolic batch dimension "N", so the
/// runtime can micro-batch windows. Exporters often bake batch 1 in: intermediate value_info shapes
/// are dropped (they would contradict) and Reshape constants starting with the old batch size are
/// rewritten to take the batch from their input.
/// </summary>
public static class BatchDimension
{
    public const string Symbol = "N";

    /// <summary>Rewrites <paramref name="model"/> in place; returns the fixed batch size that was replaced (0 if it was already dynamic).</summary>
    public static long EnsureDynamic(ModelProto model)
    {
        var graph = model.Graph;
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        long fixedBatch = 0;
        foreach (var v in graph.Input.Where(i => !initializers.Contains(i.Name)).Concat(graph.Output))
        {
            var dims = v.Type?.TensorType?.Shape?.Dim;
            if (dims is null || dims.Count == 0)
                throw new InputException($"graph value '{v.Name}' has no declared shape; cannot make its batch dimension dynamic");
            if (dims[0].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && fixedBatch == 0)
                fixedBatch = dims[0].DimValue;
            dims[0] = new TensorShapeProto.Types.Dimension { DimParam = Symbol };
        }
        if (fixedBatch == 0) return 0;
        graph.ValueInfo.Clear();
        RewriteReshapes(graph, fixedBatch);
        return fixedBatch;
    }

    private static void RewriteReshapes(GraphProto graph, long fixedBatch)
    {
        var q = new GraphQuery(graph);
        foreach (var node in graph.Node.Where(n => n.OpType == "Reshape" && n.Input.Count > 1).ToList())
        {
            var shape = q.Int64s(node.Input[1]);
            if (shape is null || shape.Length == 0 || shape[0] != fixedBatch) continue;
            var fresh = (long[])shape.Clone();
            // −1 when the shape has none yet; otherwise 0, which copies the input's axis 0 (the batch)
            // — except under allowzero, where 0 means a literal empty axis, so that Reshape stays.
            bool hasInferred = shape.Contains(-1);
            if (hasInferred && Attr.GetInt(node, "allowzero", 0) != 0) continue;
            fresh[0] = hasInferred ? 0 : -1;
            node.Input[1] = GraphEdits.AddInt64s(graph, node.Input[1] + "_dynbatch", fresh);
        }
        GraphEdits.PruneUnused(graph);
    }
}
