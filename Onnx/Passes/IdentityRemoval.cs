using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Onnx.Passes;

/// <summary>
/// Removes Identity and inference-mode Dropout nodes (exporters leave them behind; they cost a copy
/// per window on the board and confuse pattern-matching passes such as BN folding).
/// </summary>
public static class IdentityRemoval
{
    /// <summary>Rewrites <paramref name="model"/> in place; returns the number of nodes removed.</summary>
    public static int Apply(ModelProto model)
    {
        var graph = model.Graph;
        int removed = 0;
        var inputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var node in graph.Node.ToList())
        {
            if (!IsPassThrough(node, graph)) continue;
            string x = node.Input[0], y = node.Output[0];
            bool yIsOutput = graph.Output.Any(o => o.Name == y);
            if (yIsOutput)
            {
                // The graph output's name must survive: let x's producer write it directly. A graph
                // input or a value also read elsewhere cannot be renamed, so that node stays.
                var producer = graph.Node.FirstOrDefault(n => n.Output.Contains(x));
                if (producer is null || inputs.Contains(x) || graph.Output.Any(o => o.Name == x)) continue;
                if (graph.Node.Any(n => !ReferenceEquals(n, node) && n.Input.Contains(x))) continue;
                producer.Output[producer.Output.IndexOf(x)] = y;
            }
            else
            {
                GraphEdits.ReplaceUses(graph, y, x);
            }
            graph.Node.Remove(node);
            removed++;
        }
        if (removed > 0) GraphEdits.PruneUnused(graph);
        return removed;
    }

    private static bool IsPassThrough(NodeProto node, GraphProto graph)
    {
        if (node.Domain is not ("" or "ai.onnx") || node.Input.Count == 0 || node.Output.Count == 0) return false;
        if (node.OpType == "Identity") return true;
        if (node.OpType != "Dropout") return false;
        // Dropout is a no-op at inference unless training_mode is fed (opset 12+) or its mask is used.
        if (node.Input.Count > 2 && node.Input[2].Length > 0)
        {
            var mode = graph.Initializer.FirstOrDefault(i => i.Name == node.Input[2]);
            // training_mode is a bool scalar: stored as raw bytes or in int32_data.
            if (mode is null || mode.RawData.Any(b => b != 0) || mode.Int32Data.Any(v => v != 0)) return false;
        }
        if (node.Output.Count > 1 && node.Output[1].Length > 0)
        {
            string mask = node.Output[1];
            if (graph.Node.Any(n => n.Input.Contains(mask)) || graph.Output.Any(o => o.Name == mask)) return false;
        }
        return true;
    }
}
