namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>
/// A channels-last spatial layer (a 1D/2D class pair): its data_format and the input's spatial rank are
/// checked once here, and the handler gets the spatial rank.
/// </summary>
internal abstract class SpatialLayerHandler : IKerasLayerHandler
{
    public abstract IReadOnlyCollection<string> Classes { get; }

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c) =>
        Convert(layer, x, c, KerasLayerConverter.SpatialInput(layer, x));

    protected abstract KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c, int spatial);
}
