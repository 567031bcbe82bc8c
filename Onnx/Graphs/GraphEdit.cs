using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Onnx.Graphs;

/// <summary>Small queries over a graph that the rewrite and quantization passes share.</summary>
public static class GraphEdit
{
    public static Dictionary<string, TensorProto> Initializers(GraphProto graph) =>
        graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Value name → the nodes reading it (graph outputs are not nodes; see <see cref="IsGraphOutput"/>).</summary>
    public static Dictionary<string, List<NodeProto>> Consumers(GraphProto graph)
    {
        var map = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var n in graph.Node)
            foreach (var i in n.Input)
            {
                if (i.Length == 0) continue;
                if (!map.TryGetValue(i, out var list)) map[i] = list = [];
                if (!list.Contains(n)) list.Add(n);
            }
        return map;
    }

    public static Dictionary<string, NodeProto> Producers(GraphProto graph)
    {
        var map = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var n in graph.Node)
            foreach (var o in n.Output)
                if (o.Length > 0) map[o] = n;
        return map;
    }

    public static bool IsGraphOutput(GraphProto graph, string name) => graph.Output.Any(o => o.Name == name);

    public static bool IsDefaultDomain(NodeProto n) => n.Domain is "" or "ai.onnx";

    public static NodeProto NewNode(GraphNames names, string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { Name = names.Fresh(opType), OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static void ReplaceInput(GraphProto graph, string from, string to, NodeProto? except = null)
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
                throw new InvalidDataException($"graph has a cycle or an undefined input at node '{pending[0].Name}' ({pending[0].OpType})");
        }
        graph.Node.Clear();
        graph.Node.AddRange(sorted);
    }

    public static float[] FloatInitializer(Dictionary<string, TensorProto> inits, string name, NodeProto node) =>
        inits.TryGetValue(name, out var t)
            ? OnnxTensors.ToFloats(t)
            : throw new InvalidDataException($"node '{node.Name}' ({node.OpType}): input '{name}' is not a constant initializer");
}
