using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;

namespace EdgeAE.Onnx.Graphs;

/// <summary>
/// The writes every graph pass shares: new constants and nodes under fresh names, rewiring reads,
/// ordering, and pruning what nothing reads any more. Reads go through <see cref="GraphQuery"/>,
/// fresh names through <see cref="GraphNames"/>.
/// </summary>
public static class GraphEdits
{
    /// <summary>Adds a float initializer under a name not yet used in the graph and returns that name.</summary>
    public static string AddFloats(GraphProto graph, string prefix, ReadOnlySpan<float> data, params long[] dims)
    {
        string name = FreshName(graph, prefix);
        graph.Initializer.Add(OnnxTensors.Float(name, data, dims));
        return name;
    }

    /// <summary>Adds a 1-D int64 initializer under a name not yet used in the graph and returns that name.</summary>
    public static string AddInt64s(GraphProto graph, string prefix, params long[] values)
    {
        string name = FreshName(graph, prefix);
        graph.Initializer.Add(OnnxTensors.Int64(name, values, values.Length));
        return name;
    }

    /// <summary>A name nothing in the graph uses yet: <paramref name="prefix"/> itself, else prefix_1, prefix_2, …</summary>
    public static string FreshName(GraphProto graph, string prefix) => new GraphNames(graph).Fresh(prefix);

    /// <summary>A node of the default domain named freshly after its op type.</summary>
    public static NodeProto NewNode(GraphNames names, string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { Name = names.Fresh(opType), OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>Replaces every read of <paramref name="from"/> by <paramref name="to"/>, except by <paramref name="except"/>.</summary>
    public static void ReplaceUses(GraphProto graph, string from, string to, NodeProto? except = null)
    {
        foreach (var n in graph.Node)
        {
            if (ReferenceEquals(n, except)) continue;
            for (int i = 0; i < n.Input.Count; i++)
                if (n.Input[i] == from) n.Input[i] = to;
        }
    }

    /// <summary>Sorts nodes so every value is produced before it is read (ONNX requires it).</summary>
    public static void TopologicalSort(GraphProto graph)
    {
        var available = new HashSet<string>(StringComparer.Ordinal) { "" };
        foreach (var i in graph.Input) available.Add(i.Name);
        foreach (var t in graph.Initializer) available.Add(t.Name);
        var pending = graph.Node.ToList();
        var sorted = new List<NodeProto>(pending.Count);
        while (pending.Count > 0)
        {
            int before = sorted.Count;
            for (int k = 0; k < pending.Count; k++)
            {
                var n = pending[k];
                if (!n.Input.All(available.Contains)) continue;
                sorted.Add(n);
                foreach (var o in n.Output) available.Add(o);
                pending.RemoveAt(k--);
            }
            if (sorted.Count == before)
                throw new InvalidOperationException($"graph has a cycle or an undefined input at node '{pending[0].Name}' ({pending[0].OpType})");
        }
        graph.Node.Clear();
        graph.Node.AddRange(sorted);
    }

    /// <summary>
    /// Removes nodes whose outputs nobody reads (graph outputs count as read), then initializers,
    /// initializer-inputs and value_info entries that are no longer referenced. Returns the number of nodes removed.
    /// </summary>
    public static int PruneUnused(GraphProto graph)
    {
        int removed = 0;
        bool changed = true;
        while (changed)
        {
            changed = false;
            var read = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
            foreach (var n in graph.Node) read.UnionWith(n.Input);
            for (int i = graph.Node.Count - 1; i >= 0; i--)
            {
                if (graph.Node[i].Output.Any(o => o.Length > 0 && read.Contains(o))) continue;
                graph.Node.RemoveAt(i);
                removed++;
                changed = true;
            }
        }
        var used = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        foreach (var n in graph.Node) used.UnionWith(n.Input);
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        for (int i = graph.Initializer.Count - 1; i >= 0; i--)
        {
            if (used.Contains(graph.Initializer[i].Name)) continue;
            dropped.Add(graph.Initializer[i].Name);
            graph.Initializer.RemoveAt(i);
        }
        // Old-IR models also list initializers as graph inputs; a dropped one must not become a required input.
        for (int i = graph.Input.Count - 1; i >= 0; i--)
            if (dropped.Contains(graph.Input[i].Name)) graph.Input.RemoveAt(i);
        var produced = new HashSet<string>(graph.Node.SelectMany(n => n.Output), StringComparer.Ordinal);
        for (int i = graph.ValueInfo.Count - 1; i >= 0; i--)
            if (!produced.Contains(graph.ValueInfo[i].Name)) graph.ValueInfo.RemoveAt(i);
        return removed;
    }

    /// <summary>
    /// A metadata-free copy of <paramref name="model"/> that also outputs each named float tensor, so one
    /// ORT run can read intermediate values (graph inputs and existing outputs are left as they are).
    /// </summary>
    public static ModelProto WithTensorsAsOutputs(ModelProto model, IEnumerable<string> tensors)
    {
        var copy = model.Clone();
        copy.MetadataProps.Clear();
        var taken = copy.Graph.Output.Select(o => o.Name).Concat(copy.Graph.Input.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tensors)
            if (taken.Add(t))
                copy.Graph.Output.Add(new ValueInfoProto
                {
                    Name = t,
                    Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
                });
        return copy;
    }
}
