namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>Layers that only act while training (dropout, noise, activity regularization): identity at inference.</summary>
internal sealed class InferenceNoOpLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } =
        ["Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "SpatialDropout1D", "SpatialDropout2D", "ActivityRegularization"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c) => x;
}
