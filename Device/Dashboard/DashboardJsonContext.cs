using System.Text.Json.Serialization;

namespace EdgeAE.Device.Dashboard;

/// <summary>Source-generated JSON for the page (no reflection: AOT/trim clean). Journal lines and the manifest pass through as written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LiveSnapshot))]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(ActionResult))]
[JsonSerializable(typeof(TracePoint[]))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
