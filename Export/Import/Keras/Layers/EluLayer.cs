namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>ELU(alpha).</summary>
internal sealed class EluLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["ELU"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c) =>
        x with { Name = c.Graph.Elu(x.Name, (float)layer.Double("alpha", 1.0)) };
}
