using System.Text.Json.Serialization;
using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Signing;
using EdgeAE.Plant.Sparkplug;

namespace EdgeAE.Plant;

/// <summary>Source-generated JSON (AOT/trim clean) for everything the plant link writes as JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(PlantCommand))]
[JsonSerializable(typeof(BundleSignature))]
[JsonSerializable(typeof(TelemetrySample))]
[JsonSerializable(typeof(Json.NodeStatus))]
public sealed partial class PlantJsonContext : JsonSerializerContext;
