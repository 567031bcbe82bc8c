using System.Text.RegularExpressions;
using EdgeAE.Runtime;
using PureHDF;

namespace EdgeAE.Export.Import.Keras;

/// <summary>A weight array with its Keras shape (e.g. Dense kernel [in, out], Conv2D kernel [kh, kw, in, out]).</summary>
public sealed record KerasWeight(float[] Data, int[] Shape);

/// <summary>
/// The weights of each layer, by Keras variable name (kernel, bias, gamma, beta, moving_mean,
/// moving_variance), read from either weight layout:
/// Keras 2 HDF5 <c>model_weights/&lt;layer&gt;/…/&lt;name&gt;:0</c>, or Keras 3 <c>model.weights.h5</c>
/// <c>layers/&lt;snake_case class&gt;[_k]/vars/0..n</c> where the position gives the name.
/// </summary>
public sealed class KerasWeights
{
    private readonly Dictionary<string, Dictionary<string, KerasWeight>> byLayer;

    private KerasWeights(Dictionary<string, Dictionary<string, KerasWeight>> byLayer) => this.byLayer = byLayer;

    /// <summary>The layer's weights keyed by variable name; empty for weightless layers.</summary>
    public IReadOnlyDictionary<string, KerasWeight> Of(KerasLayer layer) =>
        byLayer.TryGetValue(layer.Name, out var w) ? w : new Dictionary<string, KerasWeight>();

    /// <summary>Keras 2 (and Keras 3 legacy .h5): datasets anywhere under <c>model_weights/&lt;layer&gt;</c>, named by their last path part.</summary>
    public static KerasWeights FromKeras2(IH5Group modelWeights, KerasModelConfig config)
    {
        var result = new Dictionary<string, Dictionary<string, KerasWeight>>(StringComparer.Ordinal);
        foreach (var layer in config.AllLayers)
        {
            if (!modelWeights.LinkExists(layer.Name)) continue;
            var weights = new Dictionary<string, KerasWeight>(StringComparer.Ordinal);
            Collect(modelWeights.Group(layer.Name), weights, layer);
            result[layer.Name] = weights;
        }
        return new KerasWeights(result);

        static void Collect(IH5Group group, Dictionary<string, KerasWeight> into, KerasLayer layer)
        {
            foreach (var child in group.Children())
            {
                if (child is IH5Group g) Collect(g, into, layer);
                else if (child is IH5Dataset d)
                {
                    string key = child.Name.EndsWith(":0", StringComparison.Ordinal) ? child.Name[..^2] : child.Name;
                    if (!into.TryAdd(key, Read(d, layer, key)))
                        throw layer.Problem($"two weights named '{key}' in the weight file");
                }
            }
        }
    }

    /// <summary>Keras 3 native format: positional variables, numbered per class in config order.</summary>
    public static KerasWeights FromKeras3(IH5Group root, KerasModelConfig config)
    {
        var result = new Dictionary<string, Dictionary<string, KerasWeight>>(StringComparer.Ordinal);
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!root.LinkExists("layers")) throw new InputException("model.weights.h5 has no 'layers' group");
        var layers = root.Group("layers");
        foreach (var layer in config.AllLayers)
        {
            // Keras 3 addresses a layer by its snake_case class name plus a per-class counter, not by its name.
            string key = SnakeCase(layer.ClassName);
            if (used.TryGetValue(key, out int k)) { used[key] = k + 1; key = $"{key}_{k + 1}"; }
            else used[key] = 0;
            string? path = layers.LinkExists(key) ? key : layers.LinkExists(layer.Name) ? layer.Name : null;
            if (path is null || !layers.Group(path).LinkExists("vars")) continue;
            var vars = layers.Group(path).Group("vars");
            var names = VariableNames(layer);
            var weights = new Dictionary<string, KerasWeight>(StringComparer.Ordinal);
            for (int i = 0; vars.LinkExists(i.ToString()); i++)
            {
                if (i >= names.Count) throw layer.Problem($"weight file holds more variables than the layer's {string.Join(", ", names)}");
                weights[names[i]] = Read(vars.Dataset(i.ToString()), layer, names[i]);
            }
            result[layer.Name] = weights;
        }
        return new KerasWeights(result);
    }

    /// <summary>The order Keras 3 creates a layer's variables in (its build()).</summary>
    private static List<string> VariableNames(KerasLayer layer) => layer.ClassName switch
    {
        "BatchNormalization" =>
        [
            .. layer.Bool("scale", true) ? new[] { "gamma" } : [],
            .. layer.Bool("center", true) ? new[] { "beta" } : [],
            "moving_mean", "moving_variance",
        ],
        _ => layer.Bool("use_bias", true) ? ["kernel", "bias"] : ["kernel"],
    };

    /// <summary>Keras' naming.to_snake_case: "Conv2DTranspose" → "conv2d_transpose", "BatchNormalization" → "batch_normalization".</summary>
    public static string SnakeCase(string name)
    {
        string s = Regex.Replace(name, @"\W+", "");
        s = Regex.Replace(s, "(.)([A-Z][a-z]+)", "$1_$2");
        return Regex.Replace(s, "([a-z])([A-Z])", "$1_$2").ToLowerInvariant();
    }

    private static KerasWeight Read(IH5Dataset d, KerasLayer layer, string name)
    {
        int[] shape = d.Space.Dimensions.Select(v => checked((int)v)).ToArray();
        float[] data = d.Type.Class switch
        {
            H5DataTypeClass.FloatingPoint when d.Type.Size == 4 => d.Read<float[]>(),
            H5DataTypeClass.FloatingPoint when d.Type.Size == 8 => d.Read<double[]>().Select(v => (float)v).ToArray(),
            _ => throw layer.Problem($"weight '{name}' is {d.Type.Class} of {d.Type.Size} bytes, not float32/float64"),
        };
        return new KerasWeight(data, shape);
    }
}
