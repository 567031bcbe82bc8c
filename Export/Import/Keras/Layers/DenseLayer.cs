namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>Dense: Gemm on a vector, MatMul + Add on a sequence (applies to the last axis), then its activation.</summary>
internal sealed class DenseLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["Dense"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c)
    {
        var g = c.Graph;
        x = c.ChannelsLast(x);
        var w = c.Weight(layer, "kernel");
        int units = layer.Int("units", w.Shape[^1]);
        if (w.Shape.Length != 2 || w.Shape[0] != x.Channels || w.Shape[1] != units)
            throw layer.Problem($"kernel shape [{string.Join(",", w.Shape)}] does not map {x.Channels} inputs to {units} units");
        float[] bias = c.Bias(layer, units);
        int[] shape = [.. x.Shape[..^1], units];
        if (x.Rank == 1)
            return c.Activation(layer, new KerasTensor(g.MatMulAdd(x.Name, w.Data, bias, w.Shape[0], units), shape, false));
        // Dense on a sequence applies to the last axis: MatMul broadcasts over the leading axes.
        string y = g.Node("MatMul", [x.Name, g.Weight("W", w.Data, w.Shape[0], units)]);
        return c.Activation(layer, new KerasTensor(g.Add(y, g.Weight("B", bias, units)), shape, false));
    }
}
