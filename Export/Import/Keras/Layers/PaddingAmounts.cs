using System.Text.Json.Nodes;

namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>ZeroPadding/Cropping amounts: int, (a, b) for 1D or (h, w), or ((top, bottom), (left, right)).</summary>
internal static class PaddingAmounts
{
    public static (int[] Before, int[] After) Of(KerasLayer layer, string key, int spatial)
    {
        var node = layer.Config[key];
        static int V(JsonNode? n) => n!.GetValue<int>();
        return node switch
        {
            JsonValue v => (Enumerable.Repeat(V(v), spatial).ToArray(), Enumerable.Repeat(V(v), spatial).ToArray()),
            JsonArray a when spatial == 1 && a.Count == 2 && a[0] is JsonValue => ([V(a[0])], [V(a[1])]),
            JsonArray a when a.Count == spatial && a.All(e => e is JsonValue) => (a.Select(V).ToArray(), a.Select(V).ToArray()),
            JsonArray a when a.Count == spatial && a.All(e => e is JsonArray { Count: 2 }) => (a.Select(e => V(e![0])).ToArray(), a.Select(e => V(e![1])).ToArray()),
            _ => throw layer.Unsupported(key, node?.ToJsonString() ?? "null"),
        };
    }
}
