using System.IO.Compression;
using System.Text.Json.Nodes;
using EdgeAE.Export.Import.Keras;
using PureHDF;

namespace EdgeAE.Export.Tests.Import;

/// <summary>A layer for a synthetic Keras model: class, name, config options and its weights in Keras order.</summary>
internal sealed record LayerSpec(string ClassName, string Name, JsonObject Options, params (string Name, float[] Data, int[] Shape)[] Weights)
{
    /// <summary>Functional models: the layers this one reads (default: the layer before it; "input" is the model input).</summary>
    public string[]? From { get; init; }
}

/// <summary>
/// Writes Keras-format model files the way Keras lays them out, with known weights, so the importer
/// can be tested without TensorFlow: Keras 2 HDF5 (model_config + model_weights/&lt;layer&gt;/&lt;layer&gt;/&lt;w&gt;:0)
/// and Keras 3 .keras (zip of config.json + model.weights.h5 with layers/&lt;snake class&gt;/vars/&lt;i&gt;).
/// </summary>
internal static class KerasFiles
{
    public static string Keras2Functional(string path, int[] inputShape, params LayerSpec[] layers)
    {
        var config = FunctionalConfig(inputShape, layers, keras3: false);
        var file = new H5File();
        file.Attributes["model_config"] = config.ToJsonString();
        file.Attributes["keras_version"] = "2.4.0";
        file.Attributes["backend"] = "tensorflow";
        return WriteKeras2(file, layers, path);
    }

    /// <summary>Keras 2's weight layout, model_weights/&lt;layer&gt;/&lt;layer&gt;/&lt;weight&gt;:0, then the file.</summary>
    private static string WriteKeras2(H5File file, LayerSpec[] layers, string path)
    {
        var modelWeights = new H5Group();
        foreach (var l in layers)
        {
            var inner = new H5Group();
            foreach (var w in l.Weights) inner[$"{w.Name}:0"] = Dataset(w.Data, w.Shape);
            modelWeights[l.Name] = new H5Group { [l.Name] = inner };
        }
        file["model_weights"] = modelWeights;
        file.Write(path);
        return path;
    }

    public static string Keras2Sequential(string path, int[] inputShape, params LayerSpec[] layers)
    {
        var list = new JsonArray();
        for (int i = 0; i < layers.Length; i++)
        {
            var cfg = (JsonObject)layers[i].Options.DeepClone();
            cfg["name"] = layers[i].Name;
            if (i == 0) cfg["batch_input_shape"] = BatchShape(inputShape);
            list.Add(new JsonObject { ["class_name"] = layers[i].ClassName, ["config"] = cfg });
        }
        var model = new JsonObject { ["class_name"] = "Sequential", ["config"] = new JsonObject { ["name"] = "sequential", ["layers"] = list } };
        var file = new H5File();
        file.Attributes["model_config"] = model.ToJsonString();
        return WriteKeras2(file, layers, path);
    }

    /// <summary>Keras 3 Sequential: InputLayer (batch_shape) leads the layer list, activations as serialized functions.</summary>
    public static string Keras3Sequential(string path, int[] inputShape, params LayerSpec[] layers)
    {
        var list = new JsonArray
        {
            new JsonObject { ["module"] = "keras.layers", ["class_name"] = "InputLayer", ["config"] = new JsonObject { ["batch_shape"] = BatchShape(inputShape), ["name"] = "input_layer" } },
        };
        foreach (var l in layers)
        {
            var cfg = (JsonObject)l.Options.DeepClone();
            cfg["name"] = l.Name;
            list.Add(new JsonObject { ["module"] = "keras.layers", ["class_name"] = l.ClassName, ["config"] = cfg });
        }
        var config = new JsonObject
        {
            ["module"] = "keras",
            ["class_name"] = "Sequential",
            ["config"] = new JsonObject { ["name"] = "sequential", ["layers"] = list },
            ["build_config"] = new JsonObject { ["input_shape"] = BatchShape(inputShape) },
        };
        return WriteKeras3(path, config, layers);
    }

    public static string Keras3Functional(string path, int[] inputShape, params LayerSpec[] layers) =>
        WriteKeras3(path, FunctionalConfig(inputShape, layers, keras3: true), layers);

    private static string WriteKeras3(string path, JsonObject config, LayerSpec[] layers)
    {
        var layersGroup = new H5Group();
        var used = new Dictionary<string, int>();
        layersGroup["input_layer"] = new H5Group { ["vars"] = new H5Group() };
        foreach (var l in layers)
        {
            string key = KerasWeights.SnakeCase(l.ClassName);
            if (used.TryGetValue(key, out int k)) { used[key] = k + 1; key = $"{key}_{k + 1}"; } else used[key] = 0;
            var vars = new H5Group();
            for (int i = 0; i < l.Weights.Length; i++) vars[i.ToString()] = Dataset(l.Weights[i].Data, l.Weights[i].Shape);
            layersGroup[key] = new H5Group { ["vars"] = vars };
        }
        var h5 = new H5File { ["layers"] = layersGroup, ["vars"] = new H5Group() };
        var weights = new MemoryStream();
        h5.Write(weights);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var w = new StreamWriter(zip.CreateEntry("config.json").Open())) w.Write(config.ToJsonString());
        using (var w = new StreamWriter(zip.CreateEntry("metadata.json").Open())) w.Write("{\"keras_version\": \"3.6.0\"}");
        using (var s = zip.CreateEntry("model.weights.h5").Open()) s.Write(weights.ToArray());
        return path;
    }

    private static JsonObject FunctionalConfig(int[] inputShape, LayerSpec[] layers, bool keras3)
    {
        string inputName = keras3 ? "input_layer" : "input_1";
        var list = new JsonArray
        {
            new JsonObject
            {
                ["class_name"] = "InputLayer",
                ["name"] = inputName,
                ["config"] = new JsonObject { [keras3 ? "batch_shape" : "batch_input_shape"] = BatchShape(inputShape), ["name"] = inputName },
                ["inbound_nodes"] = new JsonArray(),
            },
        };
        string previous = inputName;
        foreach (var l in layers)
        {
            var cfg = (JsonObject)l.Options.DeepClone();
            cfg["name"] = l.Name;
            string[] from = (l.From ?? [previous]).Select(f => f == "input" ? inputName : f).ToArray();
            JsonNode Tensor(string f) => new JsonObject
            {
                ["class_name"] = "__keras_tensor__",
                ["config"] = new JsonObject { ["shape"] = new JsonArray(), ["dtype"] = "float32", ["keras_history"] = new JsonArray(f, 0, 0) },
            };
            JsonNode inbound = keras3
                ? new JsonArray(new JsonObject
                {
                    // A merge layer is called on a list of tensors.
                    ["args"] = from.Length == 1 ? new JsonArray(Tensor(from[0])) : new JsonArray(new JsonArray(from.Select(Tensor).ToArray())),
                    ["kwargs"] = new JsonObject { ["training"] = false },
                })
                : new JsonArray(new JsonArray(from.Select(f => (JsonNode)new JsonArray(f, 0, 0, new JsonObject())).ToArray()));
            list.Add(new JsonObject { ["class_name"] = l.ClassName, ["name"] = l.Name, ["config"] = cfg, ["inbound_nodes"] = inbound });
            previous = l.Name;
        }
        var config = new JsonObject
        {
            ["name"] = "model",
            ["layers"] = list,
            ["input_layers"] = keras3 ? new JsonArray(inputName, 0, 0) : new JsonArray(new JsonArray(inputName, 0, 0)),
            ["output_layers"] = keras3 ? new JsonArray(previous, 0, 0) : new JsonArray(new JsonArray(previous, 0, 0)),
        };
        return new JsonObject { ["module"] = keras3 ? "keras.src.models.functional" : null, ["class_name"] = "Functional", ["config"] = config };
    }

    private static JsonArray BatchShape(int[] shape)
    {
        var a = new JsonArray { null };
        foreach (var d in shape) a.Add(d < 0 ? null : (JsonNode)d);
        return a;
    }

    private static H5Dataset Dataset(float[] data, int[] shape) =>
        new(data, fileDims: shape.Select(d => (ulong)d).ToArray());
}
