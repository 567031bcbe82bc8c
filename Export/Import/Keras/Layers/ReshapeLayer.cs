namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>Reshape(target_shape) of the per-sample tensor in the Keras order (one −1 allowed).</summary>
internal sealed class ReshapeLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["Reshape"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c)
    {
        int[] target = (layer.Config["target_shape"] as System.Text.Json.Nodes.JsonArray)?.Select(v => v!.GetValue<int>()).ToArray()
            ?? throw layer.Problem("has no target_shape");
        int total = x.Shape.Aggregate(1, (a, b) => a * b);
        int known = target.Where(v => v != -1).Aggregate(1, (a, b) => a * b);
        if (target.Count(v => v == -1) > 1 || known == 0 || total % known != 0)
            throw layer.Unsupported("target_shape", $"[{string.Join(",", target)}] for {total} values");
        int[] resolved = target.Select(v => v == -1 ? total / known : v).ToArray();
        if (resolved.Aggregate(1, (a, b) => a * b) != total)
            throw layer.Problem($"target_shape [{string.Join(",", target)}] does not hold {total} values");
        x = c.ChannelsLast(x);
        return new KerasTensor(c.Graph.Reshape(x.Name, [-1, .. KerasLayerConverter.Longs(resolved)]), resolved, false);
    }
}
