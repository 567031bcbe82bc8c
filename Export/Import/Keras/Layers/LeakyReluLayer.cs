namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>LeakyReLU: Keras 3 calls the slope negative_slope, Keras 2 alpha (default 0.3).</summary>
internal sealed class LeakyReluLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["LeakyReLU"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c) =>
        x with { Name = c.Graph.LeakyRelu(x.Name, (float)layer.Double("negative_slope", layer.Double("alpha", 0.3))) };
}
