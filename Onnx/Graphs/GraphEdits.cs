using EdgeAE.Onnx.Proto;

namespace EdgeAE.Onnx.Graphs;

/// <summary>Write helpers the passes share: fresh initializer names and pruning what no node reads any more.</summary>
public static class GraphEdits
{
    /// <summary>Adds a float initializer under a name not yet used in the graph and returns that name.</summary>
    public static string AddFloats(GraphProto graph, string prefix, ReadOnlySpan<float> data, params long[] dims)
    {
        string name = FreshName(graph, prefix);
        graph.Initializer.Add(OnnxTensors.Float(name, data, dims));
        return name;
    }

    public static string AddInt64s(GraphProto graph, string prefix, params long[] values)
    {
        string name = FreshName(graph, prefix);
        graph.Initializer.Add(OnnxTensors.Int64(name, values, values.Length));
        return name;
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

    public static string FreshName(GraphProto graph, string prefix)
    {
        var used = new HashSet<string>(graph.Initializer.Select(i => i.Name), StringComparer.Ordinal);
        foreach (var n in graph.Node)
        {
            used.UnionWith(n.Output);
            used.Add(n.Name);
        }
        used.UnionWith(graph.Input.Select(i => i.Name));
        if (!used.Contains(prefix)) return prefix;
        for (int i = 1; ; i++)
            if (!used.Contains($"{prefix}_{i}")) return $"{prefix}_{i}";
    }

    /// <summary>
    /// Removes nodes whose outputs nobody reads (graph outputs count as read), then initializers and
    /// value_info entries that are no longer referenced. Returns the number of nodes removed.
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

    /// <summary>Replaces every read of <paramref name="from"/> by <paramref name="to"/>.</summary>
    public static void ReplaceUses(GraphProto graph, string from, string to)
    {
        foreach (var n in graph.Node)
            for (int i = 0; i < n.Input.Count; i++)
                if (n.Input[i] == from) n.Input[i] = to;
    }
}
