namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>Cropping1D / Cropping2D as an ONNX Slice of the spatial axes.</summary>
internal sealed class CroppingLayer : SpatialLayerHandler
{
    public override IReadOnlyCollection<string> Classes { get; } = ["Cropping1D", "Cropping2D"];

    protected override KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c, int spatial)
    {
        var (before, after) = PaddingAmounts.Of(layer, "cropping", spatial);
        int[] shape = [.. x.Spatial.Select((v, i) => v - before[i] - after[i]), x.Channels];
        if (shape.Any(v => v < 1)) throw layer.Problem($"cropping removes the whole input [{string.Join(",", x.Shape)}]");
        x = c.ChannelsFirst(x);
        string y = c.Graph.Slice(x.Name, KerasLayerConverter.Longs(before), [.. x.Spatial.Select((v, i) => (long)(v - after[i]))],
            [.. Enumerable.Range(2, spatial).Select(v => (long)v)]);
        return new KerasTensor(y, shape, true);
    }
}
