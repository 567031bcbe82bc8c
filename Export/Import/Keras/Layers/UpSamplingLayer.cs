namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>UpSampling1D / UpSampling2D, nearest neighbour only.</summary>
internal sealed class UpSamplingLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["UpSampling1D", "UpSampling2D"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c)
    {
        // The interpolation is checked before the input's rank: it is the option a user can change.
        string interpolation = layer.String("interpolation", "nearest");
        if (interpolation != "nearest") throw layer.Unsupported("interpolation", interpolation);
        int spatial = KerasLayerConverter.SpatialInput(layer, x);
        int[] size = layer.Ints("size", spatial) ?? Enumerable.Repeat(2, spatial).ToArray();
        x = c.ChannelsFirst(x);
        string y = c.Graph.Upsample(x.Name, [.. size.Select(v => (float)v)]);
        int[] shape = [.. x.Spatial.Select((v, i) => v * size[i]), x.Channels];
        return new KerasTensor(y, shape, true);
    }
}
