using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Import.Keras;

/// <summary>
/// Parses a Keras model config (Keras 2 <c>model_config</c> attribute or Keras 3 <c>config.json</c>)
/// into the layers between the input and the output in computation order, each naming the layers
/// it reads. Sequential models are chains; Functional models may branch and join again through
/// merge layers (Add, Concatenate, …), everything else takes exactly one input.
/// </summary>
public sealed class KerasModelConfig
{
    /// <summary>Layers that combine several tensors; all other layers take one.</summary>
    public static readonly IReadOnlySet<string> MergeLayers = new HashSet<string>(StringComparer.Ordinal)
    {
        "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
    };

    private KerasModelConfig(string modelClass, List<KerasLayer> all, List<KerasLayer> layers, string inputName, string outputName, int[] inputShape)
    {
        ModelClass = modelClass;
        AllLayers = all;
        Layers = layers;
        InputName = inputName;
        OutputName = outputName;
        InputShape = inputShape;
    }

    /// <summary>Sequential or Functional (Keras 2 also says Model).</summary>
    public string ModelClass { get; }
    /// <summary>Every layer in config order (weight files number layers in this order).</summary>
    public IReadOnlyList<KerasLayer> AllLayers { get; }
    /// <summary>The layers computing the output, in an order where each layer's inputs come first; InputLayer excluded.</summary>
    public IReadOnlyList<KerasLayer> Layers { get; }
    /// <summary>The name the model input goes by in <see cref="KerasLayer.Inbound"/>.</summary>
    public string InputName { get; }
    /// <summary>The layer whose output is the model output.</summary>
    public string OutputName { get; }
    /// <summary>Per-sample input shape (batch excluded), channels-last as Keras sees it; −1 for None.</summary>
    public int[] InputShape { get; }

    public static KerasModelConfig Parse(string json, string what)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InputException(what, $"model config is not valid JSON ({e.Message})", e);
        }
        if (root is not JsonObject model || model["class_name"]?.GetValue<string>() is not { } cls)
            throw new InputException(what, $"model config has no class_name");
        var config = model["config"];
        return cls switch
        {
            "Sequential" => ParseSequential(config, model["build_config"]?["input_shape"] as JsonArray, what),
            "Functional" or "Model" => ParseFunctional(config as JsonObject ?? throw new InputException(what, $"Functional model without config"), cls, what),
            _ => throw new InputException(what, $"model class '{cls}' is not supported (Sequential or Functional)"),
        };
    }

    private static KerasModelConfig ParseSequential(JsonNode? config, JsonArray? builtShape, string what)
    {
        // Keras ≤ 2.2 stored the layer list as the config itself.
        var layersNode = config is JsonArray direct ? direct : config?["layers"] as JsonArray;
        if (layersNode is null || layersNode.Count == 0) throw new InputException(what, $"Sequential model has no layers");
        var all = layersNode.Select(n => Layer(n, what, [])).ToList();
        const string input = "<input>";
        int[]? shape = null;
        var chain = new List<KerasLayer>();
        string previous = input;
        foreach (var layer in all)
        {
            shape ??= BatchShape(layer.Config);
            if (layer.ClassName == "InputLayer") continue;
            if (MergeLayers.Contains(layer.ClassName)) throw layer.Problem("a merge layer cannot sit in a Sequential model");
            // A Sequential layer reads the previous one.
            chain.Add(new KerasLayer(layer.Name, layer.ClassName, layer.Config, [previous]));
            previous = layer.Name;
        }
        if (config is JsonObject o && o["build_input_shape"] is JsonArray built) shape ??= ShapeWithoutBatch(built);
        if (builtShape is not null) shape ??= ShapeWithoutBatch(builtShape);
        if (shape is null) throw new InputException(what, $"Sequential model declares no input shape (build it or add an InputLayer before saving)");
        if (chain.Count == 0) throw new InputException(what, $"the model has no layers besides its input");
        return new KerasModelConfig("Sequential", all, chain, input, previous, shape);
    }

    private static KerasModelConfig ParseFunctional(JsonObject config, string cls, string what)
    {
        if (config["layers"] is not JsonArray layersNode || layersNode.Count == 0)
            throw new InputException(what, $"Functional model has no layers");
        var all = layersNode.Select(n => Layer(n, what, Inbound(n, what))).ToList();
        var byName = new Dictionary<string, KerasLayer>(StringComparer.Ordinal);
        foreach (var l in all)
            if (!byName.TryAdd(l.Name, l)) throw new InputException(what, $"two layers are named '{l.Name}'");
        var inputs = LayerNames(config["input_layers"]);
        var outputs = LayerNames(config["output_layers"]);
        if (inputs.Count != 1) throw new InputException(what, $"{inputs.Count} model inputs; an autoencoder has one");
        if (outputs.Count != 1) throw new InputException(what, $"{outputs.Count} model outputs; an autoencoder has one");
        var input = byName.GetValueOrDefault(inputs[0]) ?? throw new InputException(what, $"input layer '{inputs[0]}' is not defined");
        if (input.ClassName != "InputLayer") throw new InputException(input.Describe, $"the model input must be an InputLayer");

        // Everything the output depends on, found by walking inbound links back from it.
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([outputs[0]]);
        while (pending.TryPop(out var name))
        {
            if (!needed.Add(name) || name == input.Name) continue;
            if (!byName.TryGetValue(name, out var layer)) throw new InputException(what, $"layer '{name}' is referenced but not defined");
            if (layer.Inbound.Count == 0) throw new InputException(layer.Describe, $"has no inputs but is not the model input");
            if (layer.Inbound.Count > 1 && !MergeLayers.Contains(layer.ClassName))
                throw new InputException(layer.Describe, $"has {layer.Inbound.Count} inbound tensors; only merge layers ({string.Join(", ", MergeLayers)}) take several");
            foreach (var from in layer.Inbound) pending.Push(from);
        }
        // Keras writes layers in a topological order; keep it, and check it.
        var ordered = all.Where(l => needed.Contains(l.Name) && l.Name != input.Name).ToList();
        var done = new HashSet<string>([input.Name], StringComparer.Ordinal);
        foreach (var l in ordered)
        {
            var missing = l.Inbound.FirstOrDefault(i => !done.Contains(i));
            if (missing is not null) throw new InputException(l.Describe, $"reads '{missing}', which is defined later (cycle?)");
            done.Add(l.Name);
        }
        if (ordered.Count == 0) throw new InputException(what, $"the model has no layers between input and output");
        var shape = BatchShape(input.Config) ?? throw new InputException(input.Describe, $"no batch_shape/batch_input_shape");
        return new KerasModelConfig(cls, all, ordered, input.Name, outputs[0], shape);
    }

    private static KerasLayer Layer(JsonNode? node, string what, IReadOnlyList<string> inbound)
    {
        if (node is not JsonObject o || o["class_name"]?.GetValue<string>() is not { } cls || o["config"] is not JsonObject cfg)
            throw new InputException(what, $"malformed layer entry {node?.ToJsonString()}");
        string name = o["name"]?.GetValue<string>() ?? cfg["name"]?.GetValue<string>() ?? throw new InputException(what, $"a {cls} layer has no name");
        return new KerasLayer(name, cls, cfg, inbound);
    }

    /// <summary>
    /// Names of the layers feeding a Functional layer. Keras 2: <c>[[["dense", 0, 0, {}]]]</c>;
    /// Keras 3: <c>[{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["dense", 0, 0]}}]}]</c>.
    /// </summary>
    private static List<string> Inbound(JsonNode? layer, string what)
    {
        var names = new List<string>();
        if (layer?["inbound_nodes"] is not JsonArray nodes || nodes.Count == 0) return names;
        if (nodes.Count > 1) throw new InputException(what, $"layer '{layer["name"]}' is called {nodes.Count} times (shared layers are not supported)");
        Collect(nodes[0], names);
        return names;

        static void Collect(JsonNode? n, List<string> into)
        {
            switch (n)
            {
                case JsonObject o when o["keras_history"] is JsonArray h && h.Count > 0:
                    into.Add(h[0]!.GetValue<string>());
                    break;
                case JsonObject o:
                    foreach (var (key, child) in o)
                        if (key is "args" or "config" or "kwargs") Collect(child, into);
                    break;
                case JsonArray a when a.Count >= 3 && a[0] is JsonValue v && v.TryGetValue(out string? s) && a[1] is JsonValue:
                    into.Add(s!);
                    break;
                case JsonArray a:
                    foreach (var child in a) Collect(child, into);
                    break;
            }
        }
    }

    /// <summary>input_layers/output_layers: <c>[["name", 0, 0], ...]</c> or a single <c>["name", 0, 0]</c>.</summary>
    private static List<string> LayerNames(JsonNode? node)
    {
        if (node is not JsonArray a || a.Count == 0) return [];
        if (a[0] is JsonValue v && v.TryGetValue(out string? single)) return [single!];
        return a.OfType<JsonArray>().Where(e => e.Count > 0).Select(e => e[0]!.GetValue<string>()).ToList();
    }

    private static int[]? BatchShape(JsonObject cfg)
    {
        foreach (var key in new[] { "batch_shape", "batch_input_shape" })
            if (cfg[key] is JsonArray a) return ShapeWithoutBatch(a);
        if (cfg["input_shape"] is JsonArray s) return s.Select(d => d?.GetValue<int>() ?? -1).ToArray();
        return null;
    }

    private static int[] ShapeWithoutBatch(JsonArray a) => a.Skip(1).Select(d => d?.GetValue<int>() ?? -1).ToArray();
}
