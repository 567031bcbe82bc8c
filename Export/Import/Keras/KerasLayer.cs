using System.Text.Json.Nodes;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Import.Keras;

/// <summary>One layer of a Keras model config: its name, class, config object and the layers feeding it.</summary>
public sealed class KerasLayer(string name, string className, JsonObject config, IReadOnlyList<string> inbound)
{
    public string Name { get; } = name;
    public string ClassName { get; } = className;
    public JsonObject Config { get; } = config;
    public IReadOnlyList<string> Inbound { get; } = inbound;

    /// <summary>"layer 'dense_3' (Dense)": the prefix of every error about this layer.</summary>
    public string Describe => $"layer '{Name}' ({ClassName})";

    public bool Has(string key) => Config.TryGetPropertyValue(key, out var v) && v is not null;

    public string String(string key, string fallback) =>
        Config.TryGetPropertyValue(key, out var v) && v is JsonValue jv && jv.TryGetValue(out string? s) ? s : fallback;

    public bool Bool(string key, bool fallback) =>
        Config.TryGetPropertyValue(key, out var v) && v is JsonValue jv && jv.TryGetValue(out bool b) ? b : fallback;

    public double Double(string key, double fallback) =>
        Config.TryGetPropertyValue(key, out var v) && v is JsonValue jv && jv.TryGetValue(out double d) ? d : fallback;

    public int Int(string key, int fallback) =>
        Config.TryGetPropertyValue(key, out var v) && v is JsonValue jv && jv.TryGetValue(out int i) ? i : fallback;

    /// <summary>
    /// An integer tuple option (kernel_size, strides, ...): Keras accepts a scalar or a list; a scalar
    /// is repeated <paramref name="rank"/> times. Null when absent or null.
    /// </summary>
    public int[]? Ints(string key, int rank)
    {
        if (!Config.TryGetPropertyValue(key, out var v) || v is null) return null;
        if (v is JsonValue jv && jv.TryGetValue(out int single)) return Enumerable.Repeat(single, rank).ToArray();
        if (v is JsonArray a && a.Count == rank && a.All(e => e is JsonValue)) return a.Select(e => e!.GetValue<int>()).ToArray();
        throw Unsupported(key, v.ToJsonString());
    }

    public InputException Unsupported(string option, string value) => new(Describe, $"unsupported {option}={value}");

    public InputException Problem(string problem) => new(Describe, problem);
}
