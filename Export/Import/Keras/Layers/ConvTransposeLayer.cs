using EdgeAE.Onnx;

namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>Conv1DTranspose / Conv2DTranspose with Keras' output-size rule and output_padding, then its activation.</summary>
internal sealed class ConvTransposeLayer : SpatialLayerHandler
{
    public override IReadOnlyCollection<string> Classes { get; } = ["Conv1DTranspose", "Conv2DTranspose"];

    protected override KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c, int spatial)
    {
        if (layer.Int("groups", 1) != 1) throw layer.Unsupported("groups", layer.Int("groups", 1).ToString());
        var w = c.Weight(layer, "kernel");
        int filters = layer.Int("filters", w.Shape[spatial]);
        int[] k = layer.Ints("kernel_size", spatial) ?? w.Shape[..spatial];
        int[] s = layer.Ints("strides", spatial) ?? KerasLayerConverter.Ones(spatial);
        int[] d = layer.Ints("dilation_rate", spatial) ?? KerasLayerConverter.Ones(spatial);
        int[]? op = layer.Ints("output_padding", spatial);
        int cin = x.Channels;
        if (w.Shape.Length != spatial + 2 || !w.Shape[..spatial].SequenceEqual(k) || w.Shape[spatial] != filters || w.Shape[^1] != cin)
            throw layer.Problem($"kernel shape [{string.Join(",", w.Shape)}] does not fit kernel_size [{string.Join(",", k)}], {filters} filters, {cin} input channels");
        string padding = layer.String("padding", "valid");
        if (padding is not ("valid" or "same")) throw layer.Unsupported("padding", padding);
        var begin = new long[spatial];
        var end = new long[spatial];
        var extra = new long[spatial];
        var outShape = new int[spatial + 1];
        for (int i = 0; i < spatial; i++)
        {
            int len = x.Shape[i];
            int span = (k[i] - 1) * d[i] + 1;
            // Keras' deconv_output_length decides the output size; TensorFlow then computes the
            // gradient of a conv from that size down to `len`, whose padding we reproduce.
            int outLen = op is null
                ? padding == "valid" ? len * s[i] + Math.Max(span - s[i], 0) : len * s[i]
                : (len - 1) * s[i] + span - 2 * (padding == "same" ? span / 2 : 0) + op[i];
            int full = (len - 1) * s[i] + span;
            int total = full - outLen;
            if (padding == "same" && total >= 0) { begin[i] = total / 2; end[i] = total - total / 2; }
            else if (padding == "valid" && total > 0) throw layer.Problem($"output_padding {op![i]} shrinks the output below the valid size");
            if (total < 0) extra[i] = -total;
            if (extra[i] >= Math.Max(s[i], d[i])) throw layer.Unsupported("output_padding", $"[{string.Join(",", op ?? [])}] (must be smaller than the stride)");
            outShape[i] = outLen;
        }
        outShape[spatial] = filters;
        // Keras kernel [k…, Cout, Cin] → ONNX [Cin, Cout, k…].
        int[] perm = [spatial + 1, spatial, .. Enumerable.Range(0, spatial)];
        var (data, dims) = KerasLayerConverter.Permute(w.Data, w.Shape, perm);
        x = c.ChannelsFirst(x);
        var g = c.Graph;
        string y = g.Node("ConvTranspose", [x.Name, g.Weight("Wt", data, dims), g.Weight("Bt", c.Bias(layer, filters), filters)],
            Attr.Ints("kernel_shape", KerasLayerConverter.Longs(k)),
            Attr.Ints("strides", KerasLayerConverter.Longs(s)),
            Attr.Ints("dilations", KerasLayerConverter.Longs(d)),
            Attr.Ints("pads", [.. begin, .. end]),
            Attr.Ints("output_padding", extra));
        return c.Activation(layer, new KerasTensor(y, outShape, true));
    }
}
