using System.Globalization;

namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>ReLU with an optional negative slope (max_value and threshold are refused by name).</summary>
internal sealed class ReluLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["ReLU"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c)
    {
        if (layer.Has("max_value")) throw layer.Unsupported("max_value", layer.Config["max_value"]!.ToJsonString());
        if (layer.Double("threshold", 0) != 0) throw layer.Unsupported("threshold", layer.Double("threshold", 0).ToString(CultureInfo.InvariantCulture));
        double slope = layer.Double("negative_slope", 0);
        return x with { Name = slope == 0 ? c.Graph.Relu(x.Name) : c.Graph.LeakyRelu(x.Name, (float)slope) };
    }
}
