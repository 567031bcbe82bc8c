namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>Flatten in the Keras (channels-last) order, so a Dense after a conv stack sees Keras' feature order.</summary>
internal sealed class FlattenLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["Flatten"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c)
    {
        KerasLayerConverter.RequireChannelsLast(layer);
        if (x.Rank == 1) return x;
        x = c.ChannelsLast(x);
        return new KerasTensor(c.Graph.Flatten(x.Name), [x.Shape.Aggregate(1, (a, b) => a * b)], false);
    }
}
