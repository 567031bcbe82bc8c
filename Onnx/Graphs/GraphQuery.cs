using EdgeAE.Onnx.Proto;

namespace EdgeAE.Onnx.Graphs;

/// <summary>
/// The reads every graph pass shares, over a snapshot of the graph taken at construction (make a new
/// one after editing): who produces and who reads a value, constant lookup (initializers and Constant
/// nodes), and a small rank inference good enough to know whether a BatchNormalization's channel axis
/// is a Gemm/MatMul's feature axis.
/// </summary>
public sealed class GraphQuery
{
    private readonly GraphProto graph;
    private readonly Dictionary<string, TensorProto> initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> consumers = new(StringComparer.Ordinal);
    private readonly HashSet<string> graphOutputs;

    public GraphQuery(GraphProto graph)
    {
        this.graph = graph;
        foreach (var t in graph.Initializer) initializers[t.Name] = t;
        foreach (var n in graph.Node)
        {
            foreach (var o in n.Output)
                if (o.Length > 0) producers[o] = n;
            foreach (var i in n.Input)
            {
                if (i.Length == 0) continue;
                if (!consumers.TryGetValue(i, out var list)) consumers[i] = list = [];
                if (!list.Contains(n)) list.Add(n);
            }
        }
        graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True for nodes of the default ONNX domain (the only ones the passes rewrite).</summary>
    public static bool IsDefaultDomain(NodeProto n) => n.Domain is "" or "ai.onnx";

    /// <summary>Initializers by name, as they were when the query was made.</summary>
    public IReadOnlyDictionary<string, TensorProto> Initializers => initializers;

    public NodeProto? Producer(string value) => producers.GetValueOrDefault(value);

    /// <summary>The distinct nodes reading the value (graph outputs are not nodes; see <see cref="IsGraphOutput"/>).</summary>
    public IReadOnlyList<NodeProto> Consumers(string value) => consumers.TryGetValue(value, out var l) ? l : [];

    public bool IsGraphOutput(string value) => graphOutputs.Contains(value);

    /// <summary>True when only <paramref name="node"/> reads the value and it is not a graph output (safe to rewrite in place).</summary>
    public bool OnlyFeeds(string value, NodeProto node) =>
        !IsGraphOutput(value) && Consumers(value) is { Count: 1 } c && ReferenceEquals(c[0], node);

    /// <summary>A float constant (initializer or Constant node's tensor), or null.</summary>
    public float[]? Floats(string value, out long[] dims)
    {
        dims = [];
        var t = Tensor(value);
        if (t is null || t.DataType != (int)TensorProto.Types.DataType.Float) return null;
        dims = t.Dims.ToArray();
        return OnnxTensors.ToFloats(t);
    }

    public long[]? Int64s(string value)
    {
        var t = Tensor(value);
        return t is null ? null : OnnxTensors.ToInt64s(t);
    }

    public TensorProto? Tensor(string value)
    {
        if (value.Length == 0) return null;
        if (initializers.TryGetValue(value, out var t)) return t;
        if (Producer(value) is { OpType: "Constant" } c && Attr.Find(c, "value") is { T: { } ct }) return ct;
        return null;
    }

    /// <summary>
    /// Rank of a value where it can be known without full shape inference: declared shapes,
    /// constants, and ops whose output rank follows from their inputs. Null when unknown.
    /// </summary>
    public int? Rank(string value, int depth = 0)
    {
        if (depth > 64) return null;
        if (Tensor(value) is { } t) return t.Dims.Count;
        var declared = graph.Input.Concat(graph.ValueInfo).Concat(graph.Output).FirstOrDefault(v => v.Name == value);
        if (declared?.Type?.TensorType?.Shape is { } shape) return shape.Dim.Count;
        var p = Producer(value);
        if (p is null) return null;
        switch (p.OpType)
        {
            case "Gemm":
            case "Flatten":
                return 2;
            case "Reshape":
                return Int64s(p.Input[1])?.Length;
            case "MatMul":
            {
                int? a = Rank(p.Input[0], depth + 1), b = Rank(p.Input[1], depth + 1);
                // A 1-D operand drops an axis; otherwise batch axes broadcast to the longer rank.
                if (a is null || b is null) return null;
                if (a == 1 || b == 1) return Math.Max(a.Value, b.Value) - 1;
                return Math.Max(a.Value, b.Value);
            }
            case "Add" or "Sub" or "Mul" or "Div":
            {
                int? a = Rank(p.Input[0], depth + 1), b = Rank(p.Input[1], depth + 1);
                return a is null || b is null ? null : Math.Max(a.Value, b.Value);
            }
            case "Relu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Elu" or "Softplus" or "Identity" or "Dropout"
                or "BatchNormalization" or "Conv" or "ConvTranspose" or "MaxPool" or "AveragePool" or "Transpose"
                or "Clip" or "HardSigmoid" or "Selu" or "Gelu" or "Pad" or "Slice" or "Resize" or "Upsample" or "Neg" or "Abs" or "Exp":
                return Rank(p.Input[0], depth + 1);
            default:
                return null;
        }
    }
}
