using EdgeAE.Onnx;
using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization.Calibration;
using EdgeAE.Runtime;

namespace EdgeAE.Quantization;

/// <summary>
/// Turns the planned float graph into QDQ form: int8 weights (per output channel, symmetric) behind
/// DequantizeLinear, biases that become int32 with scale = input scale × weight scale, and a
/// QuantizeLinear → DequantizeLinear pair after every planned activation. ORT then fuses DQ → op → Q
/// into its integer kernels (QLinearConv, QGemm, ...).
/// </summary>
internal static class QdqWriter
{
    public static void Apply(GraphProto graph, QuantizationPlan plan, IReadOnlyDictionary<string, TensorRange> ranges, QuantizationOptions options)
    {
        var names = new GraphNames(graph);
        FoldRelus(graph, plan);
        var inits = new GraphQuery(graph).Initializers;
        var activation = new Dictionary<string, QuantParams>(StringComparer.Ordinal);
        foreach (var t in plan.Quantized)
            activation[t] = QuantParams.Asymmetric(ranges[plan.Root[t]], options.Activations);

        var added = new List<NodeProto>();
        var weightCache = new Dictionary<string, (string Name, float[] Scales)>(StringComparer.Ordinal);
        // uint8 weights: one zero-point tensor (all 128) per channel count, shared by every weight DQ
        // of that shape. Not int8 ones: ORT's x64quantprecision pass rewrites each int8 zero point
        // per node under one derived name, and a shared one makes it fail the session ("Attempt to
        // replace the existing tensor").
        var zeroPoints = new Dictionary<int, string>();
        foreach (var n in plan.Weighted)
        {
            int axis = WeightAxis(n, inits[n.Input[1]]);
            if (!weightCache.TryGetValue(n.Input[1], out var w))
            {
                // Symmetric int8 weights have zero points of 0, which DequantizeLinear assumes when the input
                // is absent; ORT's Conv fusion accepts that, its Gemm/MatMul fusion wants them stored.
                // uint8 weights always store theirs (128).
                w = QuantizeWeight(graph, names, inits[n.Input[1]], axis, options.PerChannel, options.Weights, zeroPoints, storeZeroPoint: n.OpType != "Conv", added);
                weightCache[n.Input[1]] = w;
            }
            n.Input[1] = w.Name;
            // A Conv bias stays float unless asked (see QuantizationOptions.Int32Biases); Gemm needs the
            // int32 form stored, or ORT leaves a Gemm whose output stays float unfused.
            bool storeInt32 = options.Int32Biases || n.OpType == "Gemm";
            if (storeInt32 && n.OpType is "Conv" or "Gemm" && n.Input.Count > 2 && n.Input[2].Length > 0 && activation.TryGetValue(n.Input[0], out var x)
                && inits.TryGetValue(n.Input[2], out var bias) && bias.Dims.Count == 1)
                n.Input[2] = QuantizeBias(graph, names, bias, x.Scale, w.Scales, added);
        }

        foreach (var t in plan.Quantized)
            InsertPair(graph, names, t, activation[t], options.Activations, added);

        graph.Node.AddRange(added);
        GraphEdits.PruneUnused(graph);
        GraphEdits.TopologicalSort(graph);
        DefaultAttributes.Strip(graph);
        if (options.CompactNames) NameCompactor.Apply(graph);
    }

    /// <summary>x → W: the axis of W holding output channels.</summary>
    private static int WeightAxis(NodeProto n, TensorProto w) => n.OpType switch
    {
        "Conv" => 0,
        "ConvTranspose" => 1,
        "Gemm" => Attr.GetInt(n, "transB", 0) != 0 ? 0 : 1,
        "MatMul" => w.Dims.Count - 1,
        _ => 0,
    };

    private static void FoldRelus(GraphProto graph, QuantizationPlan plan)
    {
        foreach (var relu in plan.FoldedRelus)
        {
            string before = relu.Input[0], after = relu.Output[0];
            var producer = graph.Node.First(n => n.Output.Contains(before));
            producer.Output[producer.Output.IndexOf(before)] = after;
            graph.Node.Remove(relu);
            for (int i = graph.ValueInfo.Count - 1; i >= 0; i--)
                if (graph.ValueInfo[i].Name == before) graph.ValueInfo.RemoveAt(i);
        }
    }

    private static (string Name, float[] Scales) QuantizeWeight(GraphProto graph, GraphNames names, TensorProto tensor, int axis, bool perChannel, WeightEncoding encoding,
        Dictionary<int, string> zeroPoints, bool storeZeroPoint, List<NodeProto> added)
    {
        float[] w = OnnxTensors.ToFloats(tensor);
        long[] dims = tensor.Dims.ToArray();
        int channels = perChannel ? (int)dims[axis] : 1;
        int inner = 1;
        for (int i = axis + 1; i < dims.Length; i++) inner *= (int)dims[i];
        int Channel(int index) => perChannel ? index / inner % channels : 0;

        var absMax = new float[channels];
        for (int i = 0; i < w.Length; i++) absMax[Channel(i)] = Math.Max(absMax[Channel(i)], Math.Abs(w[i]));
        int qmax = WeightEncodings.MaxMagnitude(encoding);
        var scales = absMax.Select(a => QuantParams.SymmetricScale(a, qmax)).ToArray();
        var q = new sbyte[w.Length];
        for (int i = 0; i < w.Length; i++) q[i] = QuantParams.QuantizeWeight(w[i], scales[Channel(i)], qmax);

        string stem = tensor.Name;
        string qName = names.Fresh(stem + "_q");
        bool unsigned = encoding == WeightEncoding.UInt8;
        graph.Initializer.Add(unsigned ? OnnxTensors.UInt8(qName, q.Select(v => (byte)(v + 128)).ToArray(), dims) : OnnxTensors.Int8(qName, q, dims));
        string scale = names.Fresh(stem + "_scale");
        long[] paramDims = perChannel ? [channels] : [];
        graph.Initializer.Add(OnnxTensors.Float(scale, scales, paramDims));
        string[] inputs = [qName, scale];
        if (storeZeroPoint || unsigned)
        {
            int key = perChannel ? channels : 0;
            if (!unsigned || !zeroPoints.TryGetValue(key, out var zero))
            {
                zero = names.Fresh(stem + "_zp");
                graph.Initializer.Add(unsigned ? OnnxTensors.UInt8(zero, Enumerable.Repeat((byte)128, channels).ToArray(), paramDims) : OnnxTensors.Int8(zero, new sbyte[channels], paramDims));
                if (unsigned) zeroPoints[key] = zero;
            }
            inputs = [qName, scale, zero];
        }
        string output = names.Fresh(stem + "_dq");
        added.Add(perChannel
            ? GraphEdits.NewNode(names, "DequantizeLinear", inputs, [output], Attr.Int("axis", axis))
            : GraphEdits.NewNode(names, "DequantizeLinear", inputs, [output]));
        return (output, scales);
    }

    private static string QuantizeBias(GraphProto graph, GraphNames names, TensorProto tensor, float inputScale, float[] weightScales, List<NodeProto> added)
    {
        float[] b = OnnxTensors.ToFloats(tensor);
        bool perChannel = weightScales.Length > 1;
        if (perChannel && weightScales.Length != b.Length)
            throw new InvalidOperationException($"bias '{tensor.Name}' has {b.Length} values for {weightScales.Length} output channels");
        var scales = new float[perChannel ? b.Length : 1];
        var q = new int[b.Length];
        for (int c = 0; c < b.Length; c++)
        {
            // The float product must be the one ORT's kernels use, so compute it in float.
            float s = inputScale * weightScales[perChannel ? c : 0];
            if (perChannel || c == 0) scales[perChannel ? c : 0] = s;
            q[c] = QuantParams.QuantizeBias(b[c], s);
        }
        string stem = tensor.Name;
        string qName = names.Fresh(stem + "_q");
        string scale = names.Fresh(stem + "_scale");
        long[] paramDims = perChannel ? [b.Length] : [];
        graph.Initializer.Add(OnnxTensors.Int32(qName, q, b.Length));
        graph.Initializer.Add(OnnxTensors.Float(scale, scales, paramDims));
        string output = names.Fresh(stem + "_dq");
        added.Add(perChannel
            ? GraphEdits.NewNode(names, "DequantizeLinear", [qName, scale], [output], Attr.Int("axis", 0))
            : GraphEdits.NewNode(names, "DequantizeLinear", [qName, scale], [output]));
        return output;
    }

    /// <summary>tensor → QuantizeLinear → DequantizeLinear → every former reader (graph outputs keep their name).</summary>
    private static void InsertPair(GraphProto graph, GraphNames names, string tensor, QuantParams p, ActivationType type, List<NodeProto> added)
    {
        string scale = names.Fresh(tensor + "_scale");
        string zero = names.Fresh(tensor + "_zp");
        graph.Initializer.Add(OnnxTensors.Float(scale, [p.Scale]));
        graph.Initializer.Add(type == ActivationType.UInt8
            ? OnnxTensors.UInt8(zero, [(byte)p.ZeroPoint])
            : OnnxTensors.Int8(zero, [(sbyte)p.ZeroPoint]));
        string quantized = names.Fresh(tensor + "_q");
        if (graph.Output.Any(o => o.Name == tensor))
        {
            // The graph output keeps its name: the producer writes a fresh name, DQ writes the output.
            string raw = names.Fresh(tensor + "_float");
            foreach (var n in graph.Node.Concat(added))
                for (int i = 0; i < n.Output.Count; i++)
                    if (n.Output[i] == tensor) n.Output[i] = raw;
            added.Add(GraphEdits.NewNode(names, "QuantizeLinear", [raw, scale, zero], [quantized]));
            added.Add(GraphEdits.NewNode(names, "DequantizeLinear", [quantized, scale, zero], [tensor]));
            return;
        }
        string dequantized = names.Fresh(tensor + "_dq");
        GraphEdits.ReplaceUses(graph, tensor, dequantized);
        foreach (var n in added)
            for (int i = 0; i < n.Input.Count; i++)
                if (n.Input[i] == tensor) n.Input[i] = dequantized;
        added.Add(GraphEdits.NewNode(names, "QuantizeLinear", [tensor, scale, zero], [quantized]));
        added.Add(GraphEdits.NewNode(names, "DequantizeLinear", [quantized, scale, zero], [dequantized]));
    }
}
