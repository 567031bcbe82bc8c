using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Onnx.Passes;

/// <summary>
/// Folds inference-mode BatchNormalization into the preceding Conv, ConvTranspose, Gemm, MatMul or
/// MatMul+Add (y = x·s + t per channel with s = γ/√(σ²+ε), t = β − μ·s), and turns a BatchNormalization
/// with nothing to fold into into Mul+Add. Quantizers need this: a BN between a layer and its activation
/// hides the real per-channel weight range.
/// </summary>
public static class BatchNormFolding
{
    /// <summary>Rewrites <paramref name="model"/> in place and returns how many BatchNormalization nodes were removed.</summary>
    public static int Apply(ModelProto model)
    {
        var graph = model.Graph;
        int folded = 0;
        // Each rewrite invalidates the producer/consumer index, so rebuild it after every fold (graphs are small).
        while (true)
        {
            var q = new GraphQuery(graph);
            bool any = false;
            foreach (var bn in graph.Node.Where(n => n.OpType == "BatchNormalization" && n.Domain is "" or "ai.onnx").ToList())
            {
                if (!TryAffine(q, bn, out var s, out var t)) continue;
                if (FoldIntoProducer(graph, q, bn, s, t) || ReplaceByMulAdd(graph, q, bn, s, t))
                {
                    folded++;
                    any = true;
                    break;
                }
            }
            if (!any) break;
        }
        if (folded > 0) GraphEdits.PruneUnused(graph);
        return folded;
    }

    /// <summary>Per-channel scale and shift of an inference BatchNormalization whose parameters are constants.</summary>
    private static bool TryAffine(GraphQuery q, NodeProto bn, out double[] s, out double[] t)
    {
        s = t = [];
        if (bn.Input.Count < 5) return false;
        // training_mode=1 or a read running-stat output means the node is not a fixed affine map.
        if (Attr.GetInt(bn, "training_mode", 0) != 0) return false;
        if (bn.Output.Skip(1).Any(o => o.Length > 0 && (q.Consumers(o).Count > 0 || q.IsGraphOutput(o)))) return false;
        var gamma = q.Floats(bn.Input[1], out _);
        var beta = q.Floats(bn.Input[2], out _);
        var mean = q.Floats(bn.Input[3], out _);
        var variance = q.Floats(bn.Input[4], out _);
        if (gamma is null || beta is null || mean is null || variance is null) return false;
        int c = gamma.Length;
        if (beta.Length != c || mean.Length != c || variance.Length != c) return false;
        (s, t) = Affine(gamma, beta, mean, variance, Attr.GetFloat(bn, "epsilon", 1e-5f));
        return true;
    }

    /// <summary>The inference BatchNormalization as y = x·s + t per channel: s = γ/√(σ²+ε), t = β − μ·s.</summary>
    public static (double[] Scale, double[] Shift) Affine(float[] gamma, float[] beta, float[] mean, float[] variance, double epsilon)
    {
        int c = gamma.Length;
        var s = new double[c];
        var t = new double[c];
        for (int i = 0; i < c; i++)
        {
            s[i] = gamma[i] / Math.Sqrt(variance[i] + epsilon);
            t[i] = beta[i] - mean[i] * s[i];
        }
        return (s, t);
    }

    private static bool FoldIntoProducer(GraphProto graph, GraphQuery q, NodeProto bn, double[] s, double[] t)
    {
        string x = bn.Input[0];
        var p = q.Producer(x);
        if (p is null || !q.OnlyFeeds(x, bn) || p.Output.Count != 1) return false;
        bool done = p.OpType switch
        {
            "Conv" => FoldConv(graph, q, p, s, t, transposed: false),
            "ConvTranspose" => FoldConv(graph, q, p, s, t, transposed: true),
            "Gemm" => FoldGemm(graph, q, p, s, t),
            "MatMul" => q.Rank(x) == 2 && FoldMatMul(graph, q, p, s, t),
            "Add" => q.Rank(x) == 2 && FoldMatMulAdd(graph, q, p, s, t),
            _ => false,
        };
        if (!done) return false;
        // The producer now computes the BN's output directly.
        p.Output[0] = bn.Output[0];
        graph.Node.Remove(bn);
        return true;
    }

    /// <summary>Conv weight [Cout, Cin/g, k…]; ConvTranspose weight [Cin, Cout/g, k…] (output channel on axis 1, per group).</summary>
    private static bool FoldConv(GraphProto graph, GraphQuery q, NodeProto p, double[] s, double[] t, bool transposed)
    {
        var w = q.Floats(p.Input[1], out var dims);
        if (w is null || dims.Length < 3) return false;
        long group = Attr.GetInt(p, "group", 1);
        long cout = transposed ? dims[1] * group : dims[0];
        if (cout != s.Length) return false;
        float[]? b = null;
        if (p.Input.Count > 2 && p.Input[2].Length > 0)
        {
            b = q.Floats(p.Input[2], out _);
            if (b is null || b.Length != cout) return false;
        }
        long inner = 1;
        for (int d = 2; d < dims.Length; d++) inner *= dims[d];
        var nw = new float[w.Length];
        for (long a0 = 0; a0 < dims[0]; a0++)
            for (long a1 = 0; a1 < dims[1]; a1++)
            {
                long channel = transposed ? a0 / (dims[0] / group) * dims[1] + a1 : a0;
                long start = (a0 * dims[1] + a1) * inner;
                for (long k = 0; k < inner; k++)
                    nw[start + k] = (float)(w[start + k] * s[channel]);
            }
        var nb = new float[cout];
        for (int c = 0; c < cout; c++) nb[c] = (float)((b?[c] ?? 0) * s[c] + t[c]);
        p.Input[1] = GraphEdits.AddFloats(graph, p.Input[1] + "_bnfold", nw, dims);
        string bias = GraphEdits.AddFloats(graph, (p.Input.Count > 2 && p.Input[2].Length > 0 ? p.Input[2] : p.Name + "_bias") + "_bnfold", nb, cout);
        if (p.Input.Count > 2) p.Input[2] = bias; else p.Input.Add(bias);
        return true;
    }

    /// <summary>y = α·A·op(B) + β·C: scale op(B)'s output columns, fold β·C·s + t into a new C with β = 1.</summary>
    private static bool FoldGemm(GraphProto graph, GraphQuery q, NodeProto p, double[] s, double[] t)
    {
        var w = q.Floats(p.Input[1], out var dims);
        if (w is null || dims.Length != 2) return false;
        bool transB = Attr.GetInt(p, "transB", 0) != 0;
        long n = transB ? dims[0] : dims[1];
        if (n != s.Length) return false;
        double beta = Attr.GetFloat(p, "beta", 1f);
        double[]? c = p.Input.Count > 2 && p.Input[2].Length > 0 ? PerColumn(q, p.Input[2], n) : new double[n];
        if (c is null) return false;
        var nw = ScaleColumns(w, dims, transB, s);
        var nc = new float[n];
        for (int j = 0; j < n; j++) nc[j] = (float)(beta * c[j] * s[j] + t[j]);
        p.Input[1] = GraphEdits.AddFloats(graph, p.Input[1] + "_bnfold", nw, dims);
        string bias = GraphEdits.AddFloats(graph, p.Name + "_C_bnfold", nc, n);
        if (p.Input.Count > 2) p.Input[2] = bias; else p.Input.Add(bias);
        SetFloat(p, "beta", 1f);
        return true;
    }

    /// <summary>A rank-2 MatMul followed by BN becomes one Gemm with the shift as C.</summary>
    private static bool FoldMatMul(GraphProto graph, GraphQuery q, NodeProto p, double[] s, double[] t)
    {
        var w = q.Floats(p.Input[1], out var dims);
        if (w is null || dims.Length != 2 || dims[1] != s.Length) return false;
        p.OpType = "Gemm";
        p.Input[1] = GraphEdits.AddFloats(graph, p.Input[1] + "_bnfold", ScaleColumns(w, dims, false, s), dims);
        p.Input.Add(GraphEdits.AddFloats(graph, p.Name + "_C_bnfold", t.Select(v => (float)v).ToArray(), dims[1]));
        return true;
    }

    /// <summary>MatMul(x, W) + b followed by BN (tf2onnx's Dense): scale W's columns and refit b.</summary>
    private static bool FoldMatMulAdd(GraphProto graph, GraphQuery q, NodeProto add, double[] s, double[] t)
    {
        for (int side = 0; side < 2; side++)
        {
            var mm = q.Producer(add.Input[side]);
            if (mm is not { OpType: "MatMul" } || !q.OnlyFeeds(add.Input[side], add)) continue;
            var w = q.Floats(mm.Input[1], out var dims);
            if (w is null || dims.Length != 2 || dims[1] != s.Length) continue;
            var b = PerColumn(q, add.Input[1 - side], dims[1]);
            if (b is null) continue;
            mm.Input[1] = GraphEdits.AddFloats(graph, mm.Input[1] + "_bnfold", ScaleColumns(w, dims, false, s), dims);
            var nb = new float[dims[1]];
            for (int j = 0; j < nb.Length; j++) nb[j] = (float)(b[j] * s[j] + t[j]);
            add.Input[1 - side] = GraphEdits.AddFloats(graph, add.Input[1 - side] + "_bnfold", nb, dims[1]);
            return true;
        }
        return false;
    }

    /// <summary>No layer to fold into: x·s + t with constants shaped [C, 1, …] to broadcast over the channel axis 1.</summary>
    private static bool ReplaceByMulAdd(GraphProto graph, GraphQuery q, NodeProto bn, double[] s, double[] t)
    {
        if (q.Rank(bn.Input[0]) is not int rank || rank < 2) return false;
        var shape = new long[rank - 1];
        Array.Fill(shape, 1L);
        shape[0] = s.Length;
        string scale = GraphEdits.AddFloats(graph, bn.Name + "_scale", s.Select(v => (float)v).ToArray(), shape);
        string shift = GraphEdits.AddFloats(graph, bn.Name + "_shift", t.Select(v => (float)v).ToArray(), shape);
        string mid = GraphEdits.FreshName(graph, bn.Output[0] + "_scaled");
        var mul = new NodeProto { Name = GraphEdits.FreshName(graph, bn.Name + "_mul"), OpType = "Mul" };
        mul.Input.Add(bn.Input[0]); mul.Input.Add(scale); mul.Output.Add(mid);
        var add = new NodeProto { Name = GraphEdits.FreshName(graph, bn.Name + "_add"), OpType = "Add" };
        add.Input.Add(mid); add.Input.Add(shift); add.Output.Add(bn.Output[0]);
        int at = graph.Node.IndexOf(bn);
        graph.Node[at] = mul;
        graph.Node.Insert(at + 1, add);
        return true;
    }

    /// <summary>A constant that broadcasts per output column: scalar, [n] or [1, n].</summary>
    private static double[]? PerColumn(GraphQuery q, string value, long n)
    {
        var c = q.Floats(value, out var dims);
        if (c is null) return null;
        if (c.Length == 1) return Enumerable.Repeat((double)c[0], (int)n).ToArray();
        bool fits = c.Length == n && (dims.Length == 1 || (dims.Length == 2 && dims[0] == 1));
        return fits ? c.Select(v => (double)v).ToArray() : null;
    }

    private static float[] ScaleColumns(float[] w, long[] dims, bool transposed, double[] s)
    {
        var nw = new float[w.Length];
        for (long r = 0; r < dims[0]; r++)
            for (long col = 0; col < dims[1]; col++)
            {
                long i = r * dims[1] + col;
                nw[i] = (float)(w[i] * s[transposed ? r : col]);
            }
        return nw;
    }

    private static void SetFloat(NodeProto node, string name, float value)
    {
        if (Attr.Find(node, name) is { } a) node.Attribute.Remove(a);
        node.Attribute.Add(Attr.Float(name, value));
    }
}
