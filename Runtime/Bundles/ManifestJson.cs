using System.Text.Json;

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
            throw new BundleException(field, message, e);
        }
    }

    public static BundleManifest Clone(BundleManifest manifest) => Parse(Serialize(manifest));
}
