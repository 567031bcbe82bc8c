using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using Google.Protobuf;

namespace EdgeAE.Onnx;

/// <summary>Reads and writes ONNX ModelProto files, and turns a model plus manifest into a bundle.</summary>
public static class OnnxModelIO
{
    /// <summary>ORT 1.31.1 rejects IR 14 (the newest proto's default); IR 10 is what it reads.</summary>
    public const long IrVersion = 10;
    public const int DefaultOpset = 17;
    public const int MinOpset = 11;
    public const int MaxOpset = 21;
    public const string Producer = "edgeae";

    public static string ToolVersion => typeof(OnnxModelIO).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static ModelProto NewModel(GraphProto graph, int opset = DefaultOpset)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = Producer,
            ProducerVersion = ToolVersion,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    public static ModelProto Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{path}': {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    public static ModelProto Parse(byte[] bytes, string what = "model")
    {
        try
        {
            var parser = new MessageParser<ModelProto>(() => new ModelProto());
            var model = parser.WithDiscardUnknownFields(false).ParseFrom(bytes);
            if (model.Graph is null || model.Graph.Node.Count == 0)
                throw new InputException(what, $"not an ONNX model (no graph nodes)");
            return model;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InputException(what, $"not an ONNX model ({e.Message})", e);
        }
    }

    public static int OpsetOf(ModelProto model) =>
        (int)(model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 0);

    public static void Save(ModelProto model, string path)
    {
        model.IrVersion = Math.Min(model.IrVersion == 0 ? IrVersion : model.IrVersion, IrVersion);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Write then rename: a device hot-reloading the bundle never sees a half-written file.
        string temp = full + $".tmp{Environment.ProcessId}";
        File.WriteAllBytes(temp, model.ToByteArray());
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Hex SHA-256 of the graph as the Runtime computes it from the file.</summary>
    public static string GraphSha256(ModelProto model) => OnnxModelFile.GraphSha256(model.ToByteArray());

    public static BundleManifest? ReadManifest(ModelProto model)
    {
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == BundleManifest.MetadataKey);
        return entry is null ? null : ManifestJson.Parse(entry.Value);
    }

    /// <summary>
    /// Stamps the manifest (graph hash, tool version, time) into the model's metadata, validates it
    /// against the model's declared input/output and writes the bundle.
    /// </summary>
    public static void WriteBundle(ModelProto model, BundleManifest manifest, string path)
    {
        StampManifest(model, manifest);
        Save(model, path);
    }

    /// <summary>The bytes of a copy of <paramref name="model"/> carrying <paramref name="manifest"/> (the model itself is unchanged).</summary>
    public static byte[] WithManifest(ModelProto model, BundleManifest manifest)
    {
        var copy = model.Clone();
        StampManifest(copy, ManifestJson.Clone(manifest));
        return copy.ToByteArray();
    }

    public static void StampManifest(ModelProto model, BundleManifest manifest)
    {
        model.IrVersion = IrVersion;
        manifest.Provenance.GraphSha256 = GraphSha256(model);
        if (string.IsNullOrEmpty(manifest.Provenance.ToolVersion)) manifest.Provenance.ToolVersion = ToolVersion;
        if (manifest.Provenance.CreatedUtc == default) manifest.Provenance.CreatedUtc = DateTime.UtcNow;
        ManifestValidator.ValidateFields(manifest);
        ManifestValidator.ValidateAgainstModel(manifest, Signatures(model.Graph.Input, model.Graph), Signatures(model.Graph.Output, model.Graph));
        var existing = model.MetadataProps.FirstOrDefault(p => p.Key == BundleManifest.MetadataKey);
        if (existing is not null) model.MetadataProps.Remove(existing);
        model.MetadataProps.Add(new StringStringEntryProto { Key = BundleManifest.MetadataKey, Value = ManifestJson.Serialize(manifest) });
    }

    public static List<TensorSignature> Signatures(IEnumerable<ValueInfoProto> values, GraphProto graph)
    {
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet();
        return values.Where(v => !initializers.Contains(v.Name)).Select(v => new TensorSignature(
            v.Name,
            v.Type?.TensorType?.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1L).ToArray() ?? [],
            v.Type?.TensorType?.ElemType == (int)TensorProto.Types.DataType.Float)).ToList();
    }
}
