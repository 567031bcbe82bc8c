using EdgeAE.Onnx;

namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>MaxPooling1D / MaxPooling2D with valid or same padding (ONNX MaxPool ignores padded cells, like TensorFlow).</summary>
internal sealed class MaxPoolingLayer : SpatialLayerHandler
{
    public override IReadOnlyCollection<string> Classes { get; } = ["MaxPooling1D", "MaxPooling2D"];

    protected override KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c, int spatial)
    {
        int[] k = layer.Ints("pool_size", spatial) ?? Enumerable.Repeat(2, spatial).ToArray();
        int[] s = layer.Ints("strides", spatial) ?? k;
        string padding = layer.String("padding", "valid");
        var begin = new long[spatial];
        var end = new long[spatial];
        var outShape = new int[spatial + 1];
        for (int i = 0; i < spatial; i++)
        {
            int len = x.Shape[i];
            if (padding == "valid") outShape[i] = (len - k[i]) / s[i] + 1;
            else if (padding == "same")
            {
                (outShape[i], int b, int e) = SamePadding.Of(len, s[i], k[i]);
                (begin[i], end[i]) = (b, e);
            }
            else throw layer.Unsupported("padding", padding);
            if (outShape[i] < 1) throw layer.Problem($"input length {len} is shorter than pool size {k[i]}");
        }
        outShape[spatial] = x.Channels;
        x = c.ChannelsFirst(x);
        string y = c.Graph.MaxPool(x.Name, KerasLayerConverter.Longs(k), KerasLayerConverter.Longs(s), [.. begin, .. end]);
        return new KerasTensor(y, outShape, true);
    }
}
