namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>ZeroPadding1D / ZeroPadding2D as an ONNX Pad of the spatial axes.</summary>
internal sealed class ZeroPaddingLayer : SpatialLayerHandler
{
    public override IReadOnlyCollection<string> Classes { get; } = ["ZeroPadding1D", "ZeroPadding2D"];

    protected override KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c, int spatial)
    {
        var (before, after) = PaddingAmounts.Of(layer, "padding", spatial);
        x = c.ChannelsFirst(x);
        long[] pads = [0, 0, .. KerasLayerConverter.Longs(before), 0, 0, .. KerasLayerConverter.Longs(after)];
        int[] shape = [.. x.Spatial.Select((v, i) => v + before[i] + after[i]), x.Channels];
        return new KerasTensor(c.Graph.Pad(x.Name, pads), shape, true);
    }
}
