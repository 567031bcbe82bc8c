using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EdgeAE.Runtime.Bundles;

/// <summary>Reads and writes the manifest JSON through the source-generated context (AOT-safe).</summary>
public static class ManifestJson
{
    public static string Serialize(BundleManifest manifest) =>
        JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.BundleManifest);

    public static string SerializeIndented(BundleManifest manifest)
    {
        var options = new JsonSerializerOptions(ManifestJsonContext.Default.Options) { WriteIndented = true };
        var context = new ManifestJsonContext(options);
        return JsonSerializer.Serialize(manifest, context.BundleManifest);
    }

    /// <summary>Parses the JSON; a syntax or type error names the JSON path as the bad field.</summary>
    public static BundleManifest Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ManifestJsonContext.Default.BundleManifest)
                ?? throw new BundleException("manifest", "is null");
        }
        catch (JsonException e)
        {
            string field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "manifest" : "manifest" + e.Path.TrimStart('$');
            string message = e.Message.Split(" Path:", 2)[0].Split(". LineNumber", 2)[0];
            throw new BundleException(field, InUserTerms(message, json, e.Path), e);
        }
    }

    /// <summary>
    /// System.Text.Json names the .NET type it could not convert to ("…could not be converted to
    /// EdgeAE.Runtime.Bundles.TensorLayout"); the user needs the value they wrote and the values allowed.
    /// </summary>
    private static string InUserTerms(string message, string json, string? path)
    {
        const string marker = "could not be converted to ";
        int at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return message;
        string type = message[(at + marker.Length)..].TrimEnd('.');
        string? value = RawValue(json, path);
        string written = value is null ? "the value" : $"'{value}'";
        if (AllowedValues.TryGetValue(type, out var allowed))
            return $"{written} is not one of {string.Join(", ", allowed)}";
        string shortType = type[(type.LastIndexOf('.') + 1)..];
        return $"{written} is not a valid {(shortType.Length > 0 ? shortType.ToLowerInvariant() : "value")}";
    }

    private static readonly Dictionary<string, string[]> AllowedValues = new(StringComparer.Ordinal)
    {
        [typeof(TensorLayout).FullName!] = Names<TensorLayout>(),
        [typeof(NormalizationKind).FullName!] = Names<NormalizationKind>(),
        [typeof(ErrorMetric).FullName!] = Names<ErrorMetric>(),
        [typeof(ScoreReduction).FullName!] = Names<ScoreReduction>(),
        [typeof(Precision).FullName!] = Names<Precision>(),
        [typeof(FrontEndKind).FullName!] = Names<FrontEndKind>(),
        [typeof(WindowFunction).FullName!] = Names<WindowFunction>(),
        [typeof(SpectrumBands).FullName!] = Names<SpectrumBands>(),
    };

    /// <summary>An enum's names as the manifest writes them (through the source-generated context: AOT-safe).</summary>
    private static string[] Names<T>() where T : struct, Enum
    {
        var info = (JsonTypeInfo<T>)ManifestJsonContext.Default.GetTypeInfo(typeof(T))!;
        return Enum.GetValues<T>().Select(v => JsonSerializer.Serialize(v, info).Trim('"')).ToArray();
    }

    /// <summary>The raw text at a JSON path such as <c>$.normalization.kind</c> or <c>$.channels[2]</c>, if it can be found.</summary>
    private static string? RawValue(string json, string? path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var node = doc.RootElement;
            foreach (string part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                string name = part;
                int bracket = part.IndexOf('[');
                if (bracket >= 0) name = part[..bracket];
                if (name.Length > 0 && (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node))) return null;
                for (int b = bracket; b >= 0; b = part.IndexOf('[', b + 1))
                {
                    int end = part.IndexOf(']', b);
                    if (end < 0 || !int.TryParse(part.AsSpan(b + 1, end - b - 1), out int index) || node.ValueKind != JsonValueKind.Array || index >= node.GetArrayLength()) return null;
                    node = node[index];
                }
            }
            return node.ValueKind == JsonValueKind.String ? node.GetString() : node.GetRawText();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The front end's JSON (for comparing two front ends field by field).</summary>
    public static string SerializeFrontEnd(FrontEndSpec spec) => JsonSerializer.Serialize(spec, ManifestJsonContext.Default.FrontEndSpec);

    public static BundleManifest Clone(BundleManifest manifest) => Parse(Serialize(manifest));
}
