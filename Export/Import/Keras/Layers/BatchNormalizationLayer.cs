using EdgeAE.Onnx.Passes;

namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>
/// BatchNormalization on the channel axis. Where ONNX can say it (a vector, or a tensor held
/// channels-first: axis 1) it is an ONNX BatchNormalization, which the import's shared
/// <see cref="BatchNormFolding"/> pass folds into the layer before it. A channels-last sequence (after
/// a per-timestep Dense) normalizes its last axis, which ONNX BatchNormalization cannot name: it
/// becomes the pass's own affine map (<see cref="BatchNormFolding.Affine"/>) as Mul + Add on that
/// axis, rather than a Transpose there and back.
/// </summary>
internal sealed class BatchNormalizationLayer : IKerasLayerHandler
{
    public IReadOnlyCollection<string> Classes { get; } = ["BatchNormalization"];

    public KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c)
    {
        int axis = Axis(layer, x);
        if (axis != x.Rank) throw layer.Unsupported("axis", $"{axis} (only the channel axis {x.Rank} / -1)");
        int channels = x.Channels;
        var ws = c.Weights.Of(layer);
        if (!ws.ContainsKey("moving_mean") || !ws.ContainsKey("moving_variance"))
            throw layer.Problem("moving_mean/moving_variance missing from the weight file");
        float[] PerChannel(string name, float fill)
        {
            if (!ws.TryGetValue(name, out var v)) return Filled(fill);
            if (v.Data.Length != channels) throw layer.Problem($"'{name}' has {v.Data.Length} values for {channels} channels");
            return v.Data;
        }
        float[] Filled(float value) => Enumerable.Repeat(value, channels).ToArray();
        // scale=False / center=False: Keras keeps no gamma / beta, the layer behaves as if γ = 1 / β = 0.
        float[] gamma = layer.Bool("scale", true) ? PerChannel("gamma", 1) : Filled(1);
        float[] beta = layer.Bool("center", true) ? PerChannel("beta", 0) : Filled(0);
        float eps = (float)layer.Double("epsilon", 1e-3);
        float[] mean = PerChannel("moving_mean", 0), variance = PerChannel("moving_variance", 1);
        var g = c.Graph;
        if (x.ChannelsFirst || x.Rank == 1)
            return x with { Name = g.BatchNorm(x.Name, gamma, beta, mean, variance, eps) };
        var (scale, shift) = BatchNormFolding.Affine(gamma, beta, mean, variance, eps);
        string scaled = g.Mul(x.Name, g.Weight("bn_scale", scale.Select(v => (float)v).ToArray(), channels));
        return x with { Name = g.Add(scaled, g.Weight("bn_shift", shift.Select(v => (float)v).ToArray(), channels)) };
    }

    /// <summary>Keras 2 writes axis as [1] (with batch) or -1; Keras 3 as -1 or an int. Returns it counted with the batch axis.</summary>
    private static int Axis(KerasLayer layer, KerasTensor x)
    {
        var node = layer.Config["axis"];
        int axis = node switch
        {
            System.Text.Json.Nodes.JsonArray { Count: 1 } a => a[0]!.GetValue<int>(),
            System.Text.Json.Nodes.JsonValue v => v.GetValue<int>(),
            null => -1,
            _ => throw layer.Unsupported("axis", node.ToJsonString()),
        };
        return axis < 0 ? x.Rank + 1 + axis : axis;
    }
}
