using EdgeAE.Export.Import.Keras.Layers;
using EdgeAE.Onnx;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Import.Keras;

/// <summary>
/// Translates Keras layers into ONNX nodes that compute the same numbers, one handler per Keras class
/// (<see cref="Layers"/>). Keras is channels-last while ONNX Conv/Pool/Resize/ConvTranspose are
/// channels-first, so spatial layers run on a channels-first copy and Transposes are inserted only
/// where the layout must change (Dense, Flatten and Reshape see the Keras order, so a Flatten after a
/// conv stack flattens like Keras does). This class holds what the handlers share: the graph, the
/// weights, the layout moves, and the activation argument several layer classes carry.
/// </summary>
internal sealed class KerasLayerConverter
{
    private static readonly IKerasLayerHandler[] Handlers =
    [
        new DenseLayer(), new ConvLayer(), new ConvTransposeLayer(), new BatchNormalizationLayer(),
        new ActivationLayer(), new ReluLayer(), new LeakyReluLayer(), new EluLayer(), new InferenceNoOpLayer(),
        new FlattenLayer(), new ReshapeLayer(), new MaxPoolingLayer(), new UpSamplingLayer(),
        new ZeroPaddingLayer(), new CroppingLayer(),
    ];

    private static readonly Dictionary<string, IKerasLayerHandler> ByClass =
        Handlers.SelectMany(h => h.Classes.Select(c => (c, h))).ToDictionary(p => p.c, p => p.h, StringComparer.Ordinal);

    private readonly MergeLayer merge = new();

    public KerasLayerConverter(GraphBuilder graph, KerasWeights weights)
    {
        Graph = graph;
        Weights = weights;
    }

    public GraphBuilder Graph { get; }

    public KerasWeights Weights { get; }

    /// <summary>Every Keras class this converter reads (single-input layers and merges).</summary>
    public static IEnumerable<string> SupportedClasses => ByClass.Keys.Concat(KerasModelConfig.MergeLayers);

    public KerasTensor Convert(KerasLayer layer, KerasTensor x) =>
        ByClass.TryGetValue(layer.ClassName, out var handler)
            ? handler.Convert(layer, x, this)
            : throw new InputException(layer.Describe, $"unsupported layer class {layer.ClassName}");

    /// <summary>A merge layer (Add, Concatenate, …) of several inputs.</summary>
    public KerasTensor Merge(KerasLayer layer, IReadOnlyList<KerasTensor> inputs) => merge.Convert(layer, inputs, this);

    /// <summary>Brings a tensor back to the Keras (channels-last) order, e.g. for the graph output.</summary>
    public KerasTensor ChannelsLast(KerasTensor x)
    {
        if (!x.ChannelsFirst) return x;
        int r = x.Rank + 1;
        var perm = new long[r];
        perm[0] = 0;
        for (int i = 1; i < r - 1; i++) perm[i] = i + 1;
        perm[r - 1] = 1;
        return x with { Name = Graph.Transpose(x.Name, perm), ChannelsFirst = false };
    }

    /// <summary>Brings a tensor of rank ≥ 2 (per sample) to ONNX's [N, C, spatial…] order.</summary>
    public KerasTensor ChannelsFirst(KerasTensor x)
    {
        if (x.ChannelsFirst || x.Rank < 2) return x with { ChannelsFirst = x.Rank >= 2 };
        int r = x.Rank + 1;
        var perm = new long[r];
        perm[0] = 0;
        perm[1] = r - 1;
        for (int i = 2; i < r; i++) perm[i] = i - 1;
        return x with { Name = Graph.Transpose(x.Name, perm), ChannelsFirst = true };
    }

    public static void RequireRank(KerasLayer layer, KerasTensor x, int spatial)
    {
        if (x.Rank != spatial + 1)
            throw layer.Problem($"expects a rank-{spatial + 2} input (batch, {spatial} spatial, channels), got per-sample shape [{string.Join(",", x.Shape)}]");
    }

    public static void RequireChannelsLast(KerasLayer layer)
    {
        string format = layer.String("data_format", "channels_last");
        if (format != "channels_last") throw layer.Unsupported("data_format", format);
    }

    /// <summary>
    /// The spatial rank of a channels-last spatial layer (1 for the *1D classes, 2 for the *2D ones),
    /// after checking its data_format and that the input has that many spatial axes.
    /// </summary>
    public static int SpatialInput(KerasLayer layer, KerasTensor x)
    {
        int spatial = SpatialRank(layer);
        RequireChannelsLast(layer);
        RequireRank(layer, x, spatial);
        return spatial;
    }

    /// <summary>1 for the *1D classes, 2 for the *2D ones.</summary>
    public static int SpatialRank(KerasLayer layer) => layer.ClassName.EndsWith("2D", StringComparison.Ordinal)
        || layer.ClassName.EndsWith("2DTranspose", StringComparison.Ordinal) ? 2 : 1;

    public KerasWeight Weight(KerasLayer layer, string name) =>
        Weights.Of(layer).TryGetValue(name, out var w) ? w : throw layer.Problem($"weight '{name}' is missing from the weight file");

    public float[] Bias(KerasLayer layer, int units)
    {
        if (!layer.Bool("use_bias", true)) return new float[units];
        var b = Weight(layer, "bias");
        if (b.Data.Length != units) throw layer.Problem($"bias has {b.Data.Length} values for {units} units");
        return b.Data;
    }

    /// <summary>The layer's own <c>activation</c> argument (Dense, Conv…), applied after it.</summary>
    public KerasTensor Activation(KerasLayer layer, KerasTensor x) => ApplyActivation(layer, x, layer.Config["activation"]);

    /// <summary>The activation argument: a name (Keras 2/3) or a serialized function object (Keras 3).</summary>
    public KerasTensor ApplyActivation(KerasLayer layer, KerasTensor x, System.Text.Json.Nodes.JsonNode? node)
    {
        var g = Graph;
        string name = node switch
        {
            null => "linear",
            System.Text.Json.Nodes.JsonValue v => v.GetValue<string>(),
            System.Text.Json.Nodes.JsonObject o when o["config"] is System.Text.Json.Nodes.JsonValue c => c.GetValue<string>(),
            _ => throw layer.Unsupported("activation", node.ToJsonString()),
        };
        string y = name switch
        {
            "linear" => x.Name,
            "relu" => g.Relu(x.Name),
            "sigmoid" => g.Sigmoid(x.Name),
            "tanh" => g.Tanh(x.Name),
            // keras.activations.leaky_relu's default negative_slope is 0.2.
            "leaky_relu" => g.LeakyRelu(x.Name, 0.2f),
            "elu" => g.Elu(x.Name, 1f),
            "softplus" => g.Softplus(x.Name),
            // SELU's constants are fixed by its definition; ONNX's defaults are the same numbers.
            "selu" => g.Node("Selu", [x.Name]),
            "swish" or "silu" => g.Mul(x.Name, g.Sigmoid(x.Name)),
            _ => throw layer.Unsupported("activation", name),
        };
        return x with { Name = y };
    }

    public static int[] Ones(int n) => Enumerable.Repeat(1, n).ToArray();

    public static long[] Longs(IEnumerable<int> values) => [.. values.Select(v => (long)v)];

    /// <summary>Transposes a row-major array: output axis i is input axis perm[i].</summary>
    public static (float[] Data, long[] Dims) Permute(float[] data, int[] shape, int[] perm)
    {
        int rank = shape.Length;
        var outShape = perm.Select(p => shape[p]).ToArray();
        var inStrides = new int[rank];
        inStrides[rank - 1] = 1;
        for (int i = rank - 2; i >= 0; i--) inStrides[i] = inStrides[i + 1] * shape[i + 1];
        var result = new float[data.Length];
        var index = new int[rank];
        for (int o = 0; o < result.Length; o++)
        {
            int src = 0;
            for (int i = 0; i < rank; i++) src += index[i] * inStrides[perm[i]];
            result[o] = data[src];
            for (int i = rank - 1; i >= 0; i--)
            {
                if (++index[i] < outShape[i]) break;
                index[i] = 0;
            }
        }
        return (result, outShape.Select(v => (long)v).ToArray());
    }
}
