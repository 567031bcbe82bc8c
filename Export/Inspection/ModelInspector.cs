using System.Text;
using System.Text.Json.Nodes;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Inspection;

/// <summary>Facts about an ONNX file read from its protobuf alone (no inference session needed).</summary>
public sealed class ModelInspector
{
    public required string Path { get; init; }
    public required long FileBytes { get; init; }
    public required long IrVersion { get; init; }
    public required int Opset { get; init; }
    public required string Producer { get; init; }
    public required List<TensorSignature> Inputs { get; init; }
    public required List<TensorSignature> Outputs { get; init; }
    public required SortedDictionary<string, int> OpHistogram { get; init; }
    public required long Parameters { get; init; }
    public required string Precision { get; init; }
    public required string GraphSha256 { get; init; }
    public BundleManifest? Manifest { get; init; }
    public string? ManifestError { get; init; }
    /// <summary>The file carries EdgeAE manifest metadata (valid or not): it claims to be a bundle.</summary>
    public bool HasManifest { get; init; }

    public static ModelInspector Inspect(string path)
    {
        byte[] bytes = File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"model '{path}' not found", path);
        var model = OnnxModelIO.Parse(bytes, path);
        var graph = model.Graph;
        var histogram = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            string key = string.IsNullOrEmpty(node.Domain) || node.Domain == "ai.onnx" ? node.OpType : $"{node.Domain}.{node.OpType}";
            histogram[key] = histogram.GetValueOrDefault(key) + 1;
        }
        BundleManifest? manifest = null;
        string? error = null;
        try
        {
            manifest = OnnxModelIO.ReadManifest(model);
            if (manifest is not null)
            {
                ManifestValidator.ValidateFields(manifest);
                ManifestValidator.ValidateAgainstModel(manifest, OnnxModelIO.Signatures(graph.Input, graph), OnnxModelIO.Signatures(graph.Output, graph));
            }
        }
        catch (BundleException e)
        {
            error = e.Message;
        }
        string sha = OnnxModelFile.GraphSha256(bytes);
        if (manifest is not null && error is null && !string.Equals(manifest.Provenance.GraphSha256, sha, StringComparison.OrdinalIgnoreCase))
            error = "provenance.graph_sha256: does not match the graph (modified after export)";
        return new ModelInspector
        {
            Path = path,
            FileBytes = bytes.LongLength,
            IrVersion = model.IrVersion,
            Opset = OnnxModelIO.OpsetOf(model),
            Producer = $"{model.ProducerName} {model.ProducerVersion}".Trim(),
            Inputs = OnnxModelIO.Signatures(graph.Input, graph),
            Outputs = OnnxModelIO.Signatures(graph.Output, graph),
            OpHistogram = histogram,
            Parameters = graph.Initializer.Sum(OnnxTensors.ElementCount),
            Precision = PrecisionOf(graph, histogram),
            GraphSha256 = sha,
            Manifest = manifest,
            ManifestError = error,
            HasManifest = model.MetadataProps.Any(p => p.Key == BundleManifest.MetadataKey),
        };
    }

    /// <summary>int8 when the graph carries quantized weights (QDQ pairs or QLinear ops), fp32 otherwise.</summary>
    public static string PrecisionOf(GraphProto graph, IReadOnlyDictionary<string, int> histogram)
    {
        bool qdq = histogram.ContainsKey("DequantizeLinear") || histogram.Keys.Any(k => k.StartsWith("QLinear", StringComparison.Ordinal) || k.Contains(".QLinear", StringComparison.Ordinal));
        bool int8Weights = graph.Initializer.Any(t => t.DataType is (int)TensorProto.Types.DataType.Int8 or (int)TensorProto.Types.DataType.Uint8);
        return qdq && int8Weights ? "int8" : "fp32";
    }

    public JsonObject ToJson()
    {
        var hist = new JsonObject();
        foreach (var (op, n) in OpHistogram) hist[op] = n;
        var o = new JsonObject
        {
            ["path"] = Path,
            ["file_bytes"] = FileBytes,
            ["ir_version"] = IrVersion,
            ["opset"] = Opset,
            ["producer"] = Producer,
            ["inputs"] = Signatures(Inputs),
            ["outputs"] = Signatures(Outputs),
            ["op_histogram"] = hist,
            ["parameters"] = Parameters,
            ["precision"] = Precision,
            ["graph_sha256"] = GraphSha256,
            ["is_bundle"] = HasManifest,
            ["manifest_valid"] = Manifest is not null && ManifestError is null,
        };
        if (ManifestError is not null) o["manifest_error"] = ManifestError;
        if (Manifest is not null) o["manifest"] = JsonNode.Parse(ManifestJson.Serialize(Manifest));
        return o;
    }

    private static JsonArray Signatures(List<TensorSignature> list)
    {
        var a = new JsonArray();
        foreach (var s in list)
            a.Add(new JsonObject { ["name"] = s.Name, ["shape"] = s.ShapeText, ["type"] = s.IsFloat ? "float32" : "other" });
        return a;
    }

    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{Path}: {FileBytes:N0} bytes, IR {IrVersion}, opset {Opset}, {Producer}");
        foreach (var i in Inputs) sb.AppendLine($"  input  {i.Name} {i.ShapeText}{(i.IsFloat ? "" : " (not float32)")}");
        foreach (var o in Outputs) sb.AppendLine($"  output {o.Name} {o.ShapeText}{(o.IsFloat ? "" : " (not float32)")}");
        sb.AppendLine($"  precision {Precision}, {Parameters:N0} parameters, graph_sha256 {GraphSha256}");
        sb.AppendLine("  ops: " + string.Join(", ", OpHistogram.Select(kv => $"{kv.Key}×{kv.Value}")));
        if (Manifest is null)
        {
            sb.AppendLine(HasManifest
                ? $"  EdgeAE manifest INVALID: {ManifestError}"
                : "  no EdgeAE manifest (a plain model, not a bundle)");
        }
        else
        {
            var m = Manifest;
            sb.AppendLine($"  manifest: window {m.Window}, hop {m.Hop}, layout {m.Layout.ToString().ToLowerInvariant()}, {m.ChannelCount} channels [{string.Join(", ", m.Channels.Take(12))}{(m.ChannelCount > 12 ? ", …" : "")}]");
            sb.AppendLine($"    normalization {m.Normalization.Kind.ToString().ToLowerInvariant()}, score {m.Score.Metric.ToString().ToLowerInvariant()}/{m.Score.Reduction.ToString().ToLowerInvariant()}, precision {m.Provenance.Precision.ToString().ToLowerInvariant()}");
            sb.AppendLine(m.Thresholds is { } t
                ? $"    thresholds warning {t.Warning:G6}, alarm {t.Alarm:G6}, raise after {t.RaiseAfter}, clear after {t.ClearAfter} ({t.Calibration?.Method ?? "manual"})"
                : "    thresholds: not calibrated");
            sb.AppendLine($"    {m.Provenance.Source} by edgeae {m.Provenance.ToolVersion} at {m.Provenance.CreatedUtc:u}");
            sb.AppendLine(ManifestError is null ? "    manifest valid" : $"    manifest INVALID: {ManifestError}");
        }
        return sb.ToString();
    }
}
