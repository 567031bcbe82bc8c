using System.Text.Json.Serialization;

namespace EdgeAE.Runtime.Bundles;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = false,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(BundleManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
