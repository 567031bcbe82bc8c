using EdgeAE.Onnx.Proto;

namespace EdgeAE.Quantization;

/// <summary>
/// Renames every internal value and initializer to a short id and drops node names. In a small
/// autoencoder the names of QDQ parameters are a measurable share of an int8 file (each name is
/// stored once per use); graph inputs and outputs keep their names because the manifest refers to them.
/// </summary>
internal static class NameCompactor
{
    public static void Apply(GraphProto graph)
    {
        var keep = new HashSet<string>(graph.Input.Select(i => i.Name).Concat(graph.Output.Select(o => o.Name)), StringComparer.Ordinal);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        int next = 0;
        string Map(string name)
        {
            if (name.Length == 0 || keep.Contains(name)) return name;
            if (!map.TryGetValue(name, out var s))
            {
                do s = ToBase36(next++); while (keep.Contains(s));
                map[name] = s;
            }
            return s;
        }
        foreach (var t in graph.Initializer) t.Name = Map(t.Name);
        foreach (var n in graph.Node)
        {
            n.Name = "";
            for (int i = 0; i < n.Input.Count; i++) n.Input[i] = Map(n.Input[i]);
            for (int i = 0; i < n.Output.Count; i++) n.Output[i] = Map(n.Output[i]);
        }
        foreach (var v in graph.ValueInfo) v.Name = Map(v.Name);
    }

    private static string ToBase36(int value)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        Span<char> buffer = stackalloc char[8];
        int pos = buffer.Length;
        do
        {
            buffer[--pos] = digits[value % 36];
            value /= 36;
        } while (value > 0);
        return "_" + new string(buffer[pos..]);
    }
}
