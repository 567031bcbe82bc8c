namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>UpSampling1D / UpSampling2D, nearest neighbour only.</summary>
internal sealed class UpSamplingLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["UpSampling1D", "UpSampling2D"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c)
    {
        int spatial = KerasLayerConverter.SpatialRank(layer);
        KerasLayerConverter.RequireChannelsLast(layer);
        string interpolation = layer.String("interpolation", "nearest");
        if (interpolation != "nearest") throw layer.Unsupported("interpolation", interpolation);
        KerasLayerConverter.RequireRank(layer, x, spatial);
        int[] size = layer.Ints("size", spatial) ?? Enumerable.Repeat(2, spatial).ToArray();
        x = c.ChannelsFirst(x);
        string y = c.Graph.Upsample(x.Name, [.. size.Select(v => (float)v)]);
        int[] shape = [.. x.Spatial.Select((v, i) => v * size[i]), x.Channels];
        return new KerasTensor(y, shape, true);
    }
}
