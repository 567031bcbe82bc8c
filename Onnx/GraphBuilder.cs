using EdgeAE.Onnx.Proto;

namespace EdgeAE.Onnx;

/// <summary>
/// Builds ONNX graphs in code: inputs, initializers and nodes, each node op returning the name of
/// its output so graphs read like the forward pass they compute. Names are made unique per op type.
/// </summary>
public sealed class GraphBuilder
{
    private readonly GraphProto graph;
    private readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

    public GraphBuilder(string name = "edgeae", int opset = OnnxModelIO.DefaultOpset)
    {
        graph = new GraphProto { Name = name };
        Opset = opset;
    }

    public int Opset { get; }
    public GraphProto Graph => graph;

    /// <summary>A fresh name with the given prefix.</summary>
    public string Unique(string prefix)
    {
        counters.TryGetValue(prefix, out int n);
        counters[prefix] = n + 1;
        return n == 0 && !prefix.EndsWith('_') ? prefix : $"{prefix}_{n}";
    }

    /// <summary>Declares a float graph input; negative dims become the symbolic batch dimension "N".</summary>
    public string Input(string name, params long[] dims)
    {
        graph.Input.Add(ValueInfo(name, dims));
        return name;
    }

    public void Output(string name, params long[] dims) => graph.Output.Add(ValueInfo(name, dims));

    public static ValueInfoProto ValueInfo(string name, long[] dims, TensorProto.Types.DataType type = TensorProto.Types.DataType.Float)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    public string Initializer(TensorProto tensor)
    {
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string Weight(string prefix, ReadOnlySpan<float> data, params long[] dims) =>
        Initializer(OnnxTensors.Float(Unique(prefix), data, dims));

    public string Int64s(string prefix, params long[] values) =>
        Initializer(OnnxTensors.Int64(Unique(prefix), values, values.Length));

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, string[] inputs, params AttributeProto[] attributes) =>
        NodeMulti(opType, inputs, 1, attributes)[0];

    public string[] NodeMulti(string opType, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        string name = Unique(opType);
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        var outs = new string[outputs];
        for (int i = 0; i < outputs; i++)
            outs[i] = outputs == 1 ? name + "_out" : $"{name}_out{i}";
        node.Output.AddRange(outs);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return outs;
    }

    /// <summary>Renames the value produced by the last node (so the graph output gets a fixed name).</summary>
    public string RenameLastOutput(string newName)
    {
        var node = graph.Node[^1];
        string old = node.Output[0];
        node.Output[0] = newName;
        foreach (var n in graph.Node)
            for (int i = 0; i < n.Input.Count; i++)
                if (n.Input[i] == old) n.Input[i] = newName;
        return newName;
    }

    // Ops used across import, training export and tests.

    /// <summary>y = x·Wᵀ + b with W stored [out, in] (PyTorch Linear layout, transB=1).</summary>
    public string Gemm(string x, float[] weightOutIn, float[] bias, int inFeatures, int outFeatures)
    {
        string w = Weight("W", weightOutIn, outFeatures, inFeatures);
        string b = Weight("B", bias, outFeatures);
        return Node("Gemm", [x, w, b], Attr.Int("transB", 1));
    }

    /// <summary>y = x·W + b with W stored [in, out] (Keras Dense layout).</summary>
    public string MatMulAdd(string x, float[] weightInOut, float[] bias, int inFeatures, int outFeatures)
    {
        string w = Weight("W", weightInOut, inFeatures, outFeatures);
        string b = Weight("B", bias, outFeatures);
        return Node("Gemm", [x, w, b]);
    }

    public string Conv(string x, float[] weight, float[]? bias, long[] weightDims, long[] strides, long[] pads, long[]? dilations = null, long group = 1)
    {
        var inputs = new List<string> { x, Weight("Wc", weight, weightDims) };
        if (bias is not null) inputs.Add(Weight("Bc", bias, weightDims[0]));
        var attrs = new List<AttributeProto>
        {
            Attr.Ints("kernel_shape", weightDims[2..]),
            Attr.Ints("strides", strides),
            Attr.Ints("pads", pads),
        };
        if (dilations is not null) attrs.Add(Attr.Ints("dilations", dilations));
        if (group != 1) attrs.Add(Attr.Int("group", group));
        return Node("Conv", [.. inputs], [.. attrs]);
    }

    /// <summary>ConvTranspose with weight [Cin, Cout/group, k...].</summary>
    public string ConvTranspose(string x, float[] weight, float[]? bias, long[] weightDims, long[] strides, long[] pads, long[]? outputPadding = null)
    {
        var inputs = new List<string> { x, Weight("Wt", weight, weightDims) };
        if (bias is not null) inputs.Add(Weight("Bt", bias, weightDims[1]));
        var attrs = new List<AttributeProto>
        {
            Attr.Ints("kernel_shape", weightDims[2..]),
            Attr.Ints("strides", strides),
            Attr.Ints("pads", pads),
        };
        if (outputPadding is not null) attrs.Add(Attr.Ints("output_padding", outputPadding));
        return Node("ConvTranspose", [.. inputs], [.. attrs]);
    }

    public string BatchNorm(string x, float[] scale, float[] bias, float[] mean, float[] variance, float epsilon)
    {
        int c = scale.Length;
        return Node("BatchNormalization",
            [x, Weight("bn_scale", scale, c), Weight("bn_bias", bias, c), Weight("bn_mean", mean, c), Weight("bn_var", variance, c)],
            Attr.Float("epsilon", epsilon));
    }

    public string Relu(string x) => Node("Relu", [x]);
    public string Sigmoid(string x) => Node("Sigmoid", [x]);
    public string Tanh(string x) => Node("Tanh", [x]);
    public string LeakyRelu(string x, float alpha) => Node("LeakyRelu", [x], Attr.Float("alpha", alpha));
    public string Elu(string x, float alpha = 1f) => Node("Elu", [x], Attr.Float("alpha", alpha));
    public string Softplus(string x) => Node("Softplus", [x]);
    public string Add(string a, string b) => Node("Add", [a, b]);
    public string Mul(string a, string b) => Node("Mul", [a, b]);
    public string Reshape(string x, params long[] shape) => Node("Reshape", [x, Int64s("shape", shape)]);
    public string Transpose(string x, params long[] perm) => Node("Transpose", [x], Attr.Ints("perm", perm));
    public string Flatten(string x, long axis = 1) => Node("Flatten", [x], Attr.Int("axis", axis));

    public string MaxPool(string x, long[] kernel, long[] strides, long[] pads) =>
        Node("MaxPool", [x], Attr.Ints("kernel_shape", kernel), Attr.Ints("strides", strides), Attr.Ints("pads", pads));

    /// <summary>Nearest-neighbour upsampling by integer factors per spatial axis (NC... layout).</summary>
    public string Upsample(string x, params float[] spatialFactors)
    {
        var scales = new float[2 + spatialFactors.Length];
        scales[0] = 1; scales[1] = 1;
        spatialFactors.CopyTo(scales, 2);
        string s = Weight("scales", scales, scales.Length);
        return Node("Resize", [x, "", s], Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor"));
    }

    public string Pad(string x, long[] pads) => Node("Pad", [x, Int64s("pads", pads)]);

    public string Slice(string x, long[] starts, long[] ends, long[] axes) =>
        Node("Slice", [x, Int64s("starts", starts), Int64s("ends", ends), Int64s("axes", axes)]);

    /// <summary>A model around the graph with IR 10 and the builder's opset.</summary>
    public ModelProto Build() => OnnxModelIO.NewModel(graph, Opset);
}
