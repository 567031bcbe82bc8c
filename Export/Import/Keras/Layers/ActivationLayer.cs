namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>Activation(name): the same activations Dense and Conv accept as their argument.</summary>
internal sealed class ActivationLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["Activation"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c) => c.Activation(layer, x);
}
