using EdgeAE.Onnx;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>
/// The merge layers (Add, Multiply, Subtract, Average, Maximum, Minimum, Concatenate). Inputs held
/// channels-first stay so when all are (a skip connection inside a conv stack costs no Transpose);
/// otherwise all are brought to the Keras order first.
/// </summary>
internal sealed class MergeLayer
{
    public KerasTensor Convert(KerasLayer layer, IReadOnlyList<KerasTensor> inputs, KerasLayerConverter c)
    {
        if (inputs.Count < 2) throw layer.Problem($"merges {inputs.Count} tensor(s); needs at least 2");
        bool channelsFirst = inputs.All(t => t.ChannelsFirst);
        var xs = channelsFirst ? inputs.ToList() : inputs.Select(c.ChannelsLast).ToList();
        if (layer.ClassName == "Concatenate") return Concatenate(layer, xs, channelsFirst, c);
        var shape = xs[0].Shape;
        if (xs.Any(t => !t.Shape.SequenceEqual(shape)))
            throw layer.Problem($"inputs have different shapes ({string.Join(" vs ", xs.Select(t => $"[{string.Join(",", t.Shape)}]"))}); broadcasting merges are not supported");
        var g = c.Graph;
        string[] names = [.. xs.Select(t => t.Name)];
        string y = layer.ClassName switch
        {
            "Add" => names.Skip(1).Aggregate(names[0], g.Add),
            "Multiply" => names.Skip(1).Aggregate(names[0], g.Mul),
            "Subtract" when names.Length == 2 => g.Node("Sub", names),
            "Subtract" => throw layer.Problem($"Subtract takes exactly 2 inputs, got {names.Length}"),
            "Average" => g.Mul(names.Skip(1).Aggregate(names[0], g.Add), g.Weight("inv_n", [1f / names.Length])),
            "Maximum" => g.Node("Max", names),
            "Minimum" => g.Node("Min", names),
            _ => throw new InputException(layer.Describe, $"unsupported layer class {layer.ClassName}"),
        };
        return new KerasTensor(y, shape, channelsFirst);
    }

    private static KerasTensor Concatenate(KerasLayer layer, List<KerasTensor> xs, bool channelsFirst, KerasLayerConverter c)
    {
        int rank = xs[0].Rank;
        if (xs.Any(t => t.Rank != rank)) throw layer.Problem("inputs have different ranks");
        int axis = layer.Int("axis", -1);
        int kerasAxis = axis < 0 ? rank + axis : axis - 1; // per-sample axis index (batch excluded)
        if (kerasAxis < 0 || kerasAxis >= rank) throw layer.Unsupported("axis", axis.ToString());
        for (int d = 0; d < rank; d++)
            if (d != kerasAxis && xs.Any(t => t.Shape[d] != xs[0].Shape[d]))
                throw layer.Problem($"inputs differ on axis {d + 1}, which is not the concatenation axis");
        if (channelsFirst && kerasAxis != rank - 1)
        {
            // Only the channel axis has a simple channels-first counterpart; go back to Keras order.
            xs = xs.Select(c.ChannelsLast).ToList();
            channelsFirst = false;
        }
        long onnxAxis = channelsFirst ? 1 : kerasAxis + 1;
        var shape = (int[])xs[0].Shape.Clone();
        shape[kerasAxis] = xs.Sum(t => t.Shape[kerasAxis]);
        string y = c.Graph.Node("Concat", [.. xs.Select(t => t.Name)], Attr.Int("axis", onnxAxis));
        return new KerasTensor(y, shape, channelsFirst);
    }
}
