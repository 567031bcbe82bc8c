using EdgeAE.Onnx.Proto;

namespace EdgeAE.Onnx.Graphs;

/// <summary>Hands out value and node names that collide with nothing already in a graph.</summary>
public sealed class GraphNames
{
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public GraphNames(GraphProto graph)
    {
        foreach (var i in graph.Input) used.Add(i.Name);
        foreach (var o in graph.Output) used.Add(o.Name);
        foreach (var t in graph.Initializer) used.Add(t.Name);
        foreach (var n in graph.Node)
        {
            used.Add(n.Name);
            foreach (var o in n.Output) used.Add(o);
        }
    }

    public string Fresh(string stem)
    {
        if (used.Add(stem)) return stem;
        for (int i = 1; ; i++)
            if (used.Add($"{stem}_{i}")) return $"{stem}_{i}";
    }
}
