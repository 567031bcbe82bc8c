using EdgeAE.Onnx;

namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>Conv1D / Conv2D (valid, same, causal padding; strides, dilations, groups), then its activation.</summary>
internal sealed class ConvLayer : SpatialLayerHandler
{
    public override IReadOnlyCollection<string> Classes { get; } = ["Conv1D", "Conv2D"];

    protected override KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c, int spatial)
    {
        var w = c.Weight(layer, "kernel");
        int filters = layer.Int("filters", w.Shape[^1]);
        int groups = layer.Int("groups", 1);
        int[] k = layer.Ints("kernel_size", spatial) ?? w.Shape[..spatial];
        int[] s = layer.Ints("strides", spatial) ?? KerasLayerConverter.Ones(spatial);
        int[] d = layer.Ints("dilation_rate", spatial) ?? KerasLayerConverter.Ones(spatial);
        int cin = x.Channels;
        if (w.Shape.Length != spatial + 2 || !w.Shape[..spatial].SequenceEqual(k) || w.Shape[spatial] * groups != cin || w.Shape[^1] != filters)
            throw layer.Problem($"kernel shape [{string.Join(",", w.Shape)}] does not fit kernel_size [{string.Join(",", k)}], {cin} input channels, groups {groups}, {filters} filters");
        string padding = layer.String("padding", "valid");
        var begin = new long[spatial];
        var end = new long[spatial];
        var outShape = new int[spatial + 1];
        for (int i = 0; i < spatial; i++)
        {
            int len = x.Shape[i];
            int span = (k[i] - 1) * d[i] + 1;
            switch (padding)
            {
                case "valid":
                    outShape[i] = (len - span) / s[i] + 1;
                    break;
                case "same":
                    (outShape[i], int b, int e) = SamePadding.Of(len, s[i], span);
                    (begin[i], end[i]) = (b, e);
                    break;
                case "causal" when spatial == 1:
                    begin[i] = span - 1;
                    outShape[i] = (len - 1) / s[i] + 1;
                    break;
                default:
                    throw layer.Unsupported("padding", padding);
            }
            if (outShape[i] < 1) throw layer.Problem($"input length {len} is shorter than the kernel span {span}");
        }
        outShape[spatial] = filters;
        // Keras kernel [k…, Cin/g, Cout] → ONNX [Cout, Cin/g, k…].
        int[] perm = [spatial + 1, spatial, .. Enumerable.Range(0, spatial)];
        var (data, dims) = KerasLayerConverter.Permute(w.Data, w.Shape, perm);
        x = c.ChannelsFirst(x);
        string y = c.Graph.Conv(x.Name, data, c.Bias(layer, filters), dims, KerasLayerConverter.Longs(s), [.. begin, .. end], KerasLayerConverter.Longs(d), groups);
        return c.Activation(layer, new KerasTensor(y, outShape, true));
    }
}
