using System.Text.Json.Serialization;

namespace EdgeAE.Learning;

/// <summary>What a recording holds and how it is to be learned: the board and `edgeae learn` read the same file.</summary>
public sealed class RecordingHeader
{
    public int Version { get; set; } = 1;
    public string[] Channels { get; set; } = [];
    public LearnSettings Settings { get; set; } = new();
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RecordingHeader))]
internal sealed partial class LearningJsonContext : JsonSerializerContext;
