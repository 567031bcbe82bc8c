using EdgeAE.Onnx;
using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Quantization;

/// <summary>
/// Rewrites ConvTranspose into an equivalent Conv (stride-phase / sub-pixel decomposition), because
/// ONNX Runtime's CPU provider runs ConvTranspose in float even inside a QDQ model while Conv
/// becomes QLinearConv.
/// <para>
/// Per spatial axis with stride s and kernel k, output position p (before cropping the pads) of
/// phase r = p mod s and index q = p div s is Σₘ x[q − m]·w[r + m·s]: a plain correlation of x with
/// the phase's taps reversed. All phases share M = ⌈k/s⌉ taps (missing taps are zero), so one Conv
/// with s·Cout output channels (channel = c·s + r) computes every phase; Reshape/Transpose then
/// interleave the phases and a Slice crops pads and output_padding. In 1-D nothing depends on the
/// input length; with several spatial axes the interleave needs their sizes, which come as
/// constants from <paramref name="inputShapes"/> when known (a bundle's window is fixed) and from
/// Shape arithmetic at run time otherwise.
/// </para>
/// </summary>
public static class ConvTransposeRewrite
{
    /// <summary>Rewrites every eligible ConvTranspose not in <paramref name="excluded"/>; returns the reasons others were kept.</summary>
    /// <param name="inputShapes">Known shapes of ConvTranspose inputs (batch first), e.g. from <see cref="Onnx.Passes.TensorShapeProbe"/>.</param>
    public static List<string> Apply(ModelProto model, Func<NodeProto, bool>? excluded = null, IReadOnlyDictionary<string, long[]>? inputShapes = null)
    {
        var graph = model.Graph;
        var names = new GraphNames(graph);
        var inits = new GraphQuery(graph).Initializers;
        var kept = new List<string>();
        foreach (var node in graph.Node.Where(n => n.OpType == "ConvTranspose" && GraphQuery.IsDefaultDomain(n)).ToList())
        {
            if (excluded?.Invoke(node) == true) continue;
            string? why = WhyNot(node, inits);
            if (why is not null)
            {
                kept.Add($"{node.Name}: {why}");
                continue;
            }
            long[]? shape = inputShapes is not null && inputShapes.TryGetValue(node.Input[0], out var known) ? known : null;
            var replacement = Rewrite(node, inits, names, graph, shape);
            int at = graph.Node.IndexOf(node);
            graph.Node.RemoveAt(at);
            for (int i = 0; i < replacement.Count; i++) graph.Node.Insert(at + i, replacement[i]);
        }
        GraphEdits.PruneUnused(graph);
        return kept;
    }

    private static string? WhyNot(NodeProto node, IReadOnlyDictionary<string, TensorProto> inits)
    {
        if (!inits.TryGetValue(node.Input[1], out var w)) return "weight is not a constant";
        if (node.Input.Count > 2 && node.Input[2].Length > 0 && !inits.ContainsKey(node.Input[2])) return "bias is not a constant";
        int d = w.Dims.Count - 2;
        if (d < 1) return "weight has fewer than 3 dimensions";
        if (Attr.GetInt(node, "group", 1) != 1) return "grouped ConvTranspose";
        if (Attr.GetInts(node, "dilations", []).Any(v => v != 1)) return "dilated ConvTranspose";
        if (Attr.Find(node, "output_shape") is not null) return "output_shape attribute (explicit pads only)";
        string autoPad = Attr.GetString(node, "auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID")) return $"auto_pad {autoPad} (explicit pads only)";
        return null;
    }

    /// <summary>Input tensors of the ConvTranspose nodes whose rewrite benefits from known sizes (several spatial axes).</summary>
    public static List<string> InputsNeedingShapes(GraphProto graph)
    {
        var inits = new GraphQuery(graph).Initializers;
        return graph.Node.Where(n => n.OpType == "ConvTranspose" && inits.TryGetValue(n.Input[1], out var w) && w.Dims.Count > 3)
            .Select(n => n.Input[0]).Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<NodeProto> Rewrite(NodeProto node, IReadOnlyDictionary<string, TensorProto> inits, GraphNames names, GraphProto graph, long[]? inputShape)
    {
        var wt = inits[node.Input[1]];
        float[] w = OnnxTensors.ToFloats(wt);
        long[] wd = wt.Dims.ToArray();
        int cin = (int)wd[0], cout = (int)wd[1], d = wd.Length - 2;
        int[] k = wd[2..].Select(v => (int)v).ToArray();
        int[] s = Fill(Attr.GetInts(node, "strides", []), d, 1);
        bool valid = Attr.GetString(node, "auto_pad", "NOTSET") == "VALID";
        int[] pads = Fill(valid ? [] : Attr.GetInts(node, "pads", []), 2 * d, 0);
        int[] op = Fill(Attr.GetInts(node, "output_padding", []), d, 0);
        float[]? bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? OnnxTensors.ToFloats(inits[node.Input[2]]) : null;

        int[] m = new int[d];
        int phases = 1;
        for (int i = 0; i < d; i++)
        {
            m[i] = (k[i] + s[i] - 1) / s[i];
            phases *= s[i];
        }

        // Conv kernel [Cout·P, Cin, M...]: channel c·P + r holds phase r's taps, reversed (correlation).
        var kernel = PhaseKernel(w, cin, cout, k, s, m, phases);
        var convBias = bias is null ? null : Enumerable.Range(0, cout * phases).Select(j => bias[j / phases]).ToArray();

        string x = node.Input[0], y = node.Output[0];
        string stem = node.Name.Length > 0 ? node.Name : "convtranspose";
        var nodes = new List<NodeProto>();
        string wName = Add(graph, OnnxTensors.Float(names.Fresh(stem + "_phase_w"), kernel, [cout * phases, cin, .. m.Select(v => (long)v)]));
        var convInputs = new List<string> { x, wName };
        if (convBias is not null) convInputs.Add(Add(graph, OnnxTensors.Float(names.Fresh(stem + "_phase_b"), convBias, cout * phases)));

        // Per axis: the Conv starts at q = 0 (begin pad M−1) and runs E extra steps past the input so
        // the interleaved signal covers every kept output; the crop is [b, T − tail).
        long[] convPads = new long[2 * d];
        long[] starts = new long[d], ends = new long[d], axes = new long[d];
        bool needSlice = false;
        for (int i = 0; i < d; i++)
        {
            int b = pads[i], e = pads[d + i];
            int reach = k[i] + op[i] - e;                       // kept outputs past (L−1)·s
            int extra = Math.Max(0, CeilDiv(reach, s[i]) - 1);  // E
            int tail = (extra + 1) * s[i] - reach;              // interleaved values past the last kept one
            int begin = m[i] - 1;
            if (s[i] == 1)
            {
                // Stride 1: no interleaving, so the crop folds into the Conv's own padding when it can.
                int shift = Math.Min(b, begin);
                begin -= shift; b -= shift;
            }
            convPads[i] = begin;
            convPads[d + i] = extra;
            starts[i] = b;
            ends[i] = tail == 0 ? long.MaxValue : -tail;
            axes[i] = 2 + i;
            needSlice |= b != 0 || tail != 0;
        }

        string convOut = phases == 1 && !needSlice ? y : names.Fresh(stem + "_phases");
        nodes.Add(GraphEdits.NewNode(names, "Conv", convInputs, [convOut],
            Attr.Ints("kernel_shape", m.Select(v => (long)v).ToArray()),
            Attr.Ints("strides", Enumerable.Repeat(1L, d).ToArray()),
            Attr.Ints("pads", convPads)));
        string current = convOut;
        if (phases > 1)
        {
            // Conv output size per axis: input + pads − M + 1.
            long[]? q = inputShape is { Length: > 2 } && inputShape.Length == d + 2 && inputShape.Skip(2).All(v => v > 0)
                ? Enumerable.Range(0, d).Select(i => inputShape[2 + i] + convPads[i] + convPads[d + i] - m[i] + 1).ToArray()
                : null;
            current = Interleave(current, cout, s, d, q, names, graph, nodes, needSlice ? null : y, stem);
        }
        if (needSlice)
        {
            var inputs = new[]
            {
                current,
                Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_crop_starts"), starts, d)),
                Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_crop_ends"), ends, d)),
                Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_crop_axes"), axes, d)),
            };
            nodes.Add(GraphEdits.NewNode(names, "Slice", inputs, [y]));
        }
        return nodes;
    }

    /// <summary>[N, Cout·P, Q...] with channel c·P + r → [N, Cout, Q₁·s₁, ...] (phase r lands at q·s + r).</summary>
    private static string Interleave(string x, int cout, int[] s, int d, long[]? q, GraphNames names, GraphProto graph, List<NodeProto> nodes, string? output, string stem)
    {
        // [N, Cout, s..., Q...] → [N, Cout, Q₁, s₁, Q₂, s₂, ...] → [N, Cout, Q₁s₁, ...]
        long[] perm = new long[2 + 2 * d];
        perm[0] = 0; perm[1] = 1;
        for (int i = 0; i < d; i++)
        {
            perm[2 + 2 * i] = 2 + d + i;
            perm[3 + 2 * i] = 2 + i;
        }
        string split = names.Fresh(stem + "_split");
        string moved = names.Fresh(stem + "_moved");
        string merged = output ?? names.Fresh(stem + "_merged");
        if (d == 1)
        {
            // One spatial axis: −1 infers Q, so the graph needs no shape arithmetic.
            string shape1 = Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_split_shape"), [0, cout, s[0], -1], 4));
            string shape2 = Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_merge_shape"), [0, cout, -1], 3));
            nodes.Add(GraphEdits.NewNode(names, "Reshape", [x, shape1], [split]));
            nodes.Add(GraphEdits.NewNode(names, "Transpose", [split], [moved], Attr.Ints("perm", perm)));
            nodes.Add(GraphEdits.NewNode(names, "Reshape", [moved, shape2], [merged]));
            return merged;
        }
        if (q is not null)
            return InterleaveKnownSizes(x, cout, s, q, names, graph, nodes, merged, stem);
        // Unknown sizes: the Q sizes come from Shape at run time (works for any input size).
        string shape = names.Fresh(stem + "_shape");
        string spatial = names.Fresh(stem + "_spatial");
        string scaled = names.Fresh(stem + "_scaled");
        string splitShape = names.Fresh(stem + "_split_shape");
        string mergeShape = names.Fresh(stem + "_merge_shape");
        string head = Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_head"), [0, cout, .. s.Select(v => (long)v)], 2 + d));
        string lead = Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_lead"), [0, cout], 2));
        string strides = Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_strides"), s.Select(v => (long)v).ToArray(), d));
        string two = Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_two"), [2], 1));
        string big = Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_end"), [long.MaxValue], 1));
        nodes.Add(GraphEdits.NewNode(names, "Shape", [x], [shape]));
        nodes.Add(GraphEdits.NewNode(names, "Slice", [shape, two, big], [spatial]));
        nodes.Add(GraphEdits.NewNode(names, "Concat", [head, spatial], [splitShape], Attr.Int("axis", 0)));
        nodes.Add(GraphEdits.NewNode(names, "Mul", [spatial, strides], [scaled]));
        nodes.Add(GraphEdits.NewNode(names, "Concat", [lead, scaled], [mergeShape], Attr.Int("axis", 0)));
        nodes.Add(GraphEdits.NewNode(names, "Reshape", [x, splitShape], [split]));
        nodes.Add(GraphEdits.NewNode(names, "Transpose", [split], [moved], Attr.Ints("perm", perm)));
        nodes.Add(GraphEdits.NewNode(names, "Reshape", [moved, mergeShape], [merged]));
        return merged;
    }

    /// <summary>
    /// Interleave with constant shapes (0 keeps the batch): split the phase axes off the channels,
    /// then move each strided phase axis behind its spatial axis, one axis per Transpose, because ORT
    /// copies a single-axis move in blocks while a general 6-D permutation of bytes is several times
    /// slower than the convolutions around it. Unit-stride axes get no phase axis at all.
    /// </summary>
    private static string InterleaveKnownSizes(string x, int cout, int[] s, long[] q, GraphNames names, GraphProto graph, List<NodeProto> nodes, string merged, string stem)
    {
        int d = s.Length;
        // Axis labels: batch 100, channels 101, spatial axis i is i + 1 and its phase axis −(i + 1).
        var order = new List<int> { 100, 101 };
        var sizes = new List<long> { 0, cout };
        for (int i = 0; i < d; i++)
            if (s[i] > 1) { order.Add(-(i + 1)); sizes.Add(s[i]); }
        for (int i = 0; i < d; i++) { order.Add(i + 1); sizes.Add(q[i]); }
        string current = names.Fresh(stem + "_split");
        string splitShape = Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_split_shape"), sizes.ToArray(), sizes.Count));
        nodes.Add(GraphEdits.NewNode(names, "Reshape", [x, splitShape], [current]));
        for (int i = d - 1; i >= 0; i--)
        {
            if (s[i] == 1) continue;
            int from = order.IndexOf(-(i + 1));
            var next = new List<int>(order);
            next.RemoveAt(from);
            next.Insert(next.IndexOf(i + 1) + 1, -(i + 1));
            long[] perm = next.Select(label => (long)order.IndexOf(label)).ToArray();
            string moved = names.Fresh(stem + "_moved");
            nodes.Add(GraphEdits.NewNode(names, "Transpose", [current], [moved], Attr.Ints("perm", perm)));
            order = next;
            current = moved;
        }
        long[] mergeDims = [0, cout, .. q.Select((v, i) => v * s[i])];
        string mergeShape = Add(graph, OnnxTensors.Int64(names.Fresh(stem + "_merge_shape"), mergeDims, mergeDims.Length));
        nodes.Add(GraphEdits.NewNode(names, "Reshape", [current, mergeShape], [merged]));
        return merged;
    }

    /// <summary>
    /// Conv kernel [Cout·P, Cin, M...] from ConvTranspose weight [Cin, Cout, k...]: for phase r and
    /// tap t the original tap is r + (M − 1 − t)·s per axis, zero where that is past k.
    /// </summary>
    internal static float[] PhaseKernel(float[] w, int cin, int cout, int[] k, int[] s, int[] m, int phases)
    {
        int d = k.Length;
        int kVol = k.Aggregate(1, (a, b) => a * b), mVol = m.Aggregate(1, (a, b) => a * b);
        var result = new float[cout * phases * cin * mVol];
        var r = new int[d];
        var t = new int[d];
        for (int p = 0; p < phases; p++)
        {
            Unravel(p, s, r);
            for (int tap = 0; tap < mVol; tap++)
            {
                Unravel(tap, m, t);
                int src = 0;
                bool inside = true;
                for (int i = 0; i < d && inside; i++)
                {
                    int j = r[i] + (m[i] - 1 - t[i]) * s[i];
                    inside = j < k[i];
                    src = src * k[i] + j;
                }
                if (!inside) continue;
                for (int c = 0; c < cout; c++)
                    for (int ci = 0; ci < cin; ci++)
                        result[(((c * phases + p) * cin) + ci) * mVol + tap] = w[(ci * cout + c) * kVol + src];
            }
        }
        return result;
    }

    private static void Unravel(int index, int[] dims, int[] coords)
    {
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            coords[i] = index % dims[i];
            index /= dims[i];
        }
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -((-a) / b);

    private static int[] Fill(long[] values, int count, int fallback) =>
        values.Length == count ? values.Select(v => (int)v).ToArray() : Enumerable.Repeat(fallback, count).ToArray();

    private static string Add(GraphProto graph, TensorProto t)
    {
        graph.Initializer.Add(t);
        return t.Name;
    }
}
