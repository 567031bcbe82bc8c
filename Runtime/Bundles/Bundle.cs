using EdgeAE.Runtime.Inference;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// A loaded, validated bundle: the ONNX Runtime session and the manifest read from the model's
/// metadata. Every way a bundle can be wrong surfaces as a <see cref="BundleException"/>.
/// </summary>
public sealed class Bundle : IDisposable
{
    private Bundle(string? path, BundleManifest manifest, InferenceSession session, TensorSignature input, TensorSignature output, long fileBytes, InferenceSettings settings, bool fromCache)
    {
        LoadedFromCache = fromCache;
        Path = path;
        Manifest = manifest;
        Session = session;
        Input = input;
        Output = output;
        FileBytes = fileBytes;
        Settings = settings;
    }

    public string? Path { get; }
    public BundleManifest Manifest { get; }
    public InferenceSession Session { get; }
    public TensorSignature Input { get; }
    public TensorSignature Output { get; }
    public long FileBytes { get; }
    public InferenceSettings Settings { get; }

    /// <summary>True when the session runs a verified optimized graph from <see cref="InferenceSettings.OptimizedModelCacheDirectory"/>.</summary>
    public bool LoadedFromCache { get; }

    /// <summary>The largest batch the model accepts: unlimited when the batch dimension is dynamic.</summary>
    public int MaxBatch => Input.Dims[0] > 0 ? (int)Input.Dims[0] : int.MaxValue;

    public static Bundle Load(string path, InferenceSettings? settings = null) => Load(BundleFile.Read(path), settings);

    /// <summary>Loads from bytes; <paramref name="path"/> (optional) names the cache entry when the settings ask for a cache.</summary>
    public static Bundle Load(byte[] bytes, string? path = null, InferenceSettings? settings = null) =>
        Load(new BundleFile(bytes, path), settings);

    /// <summary>
    /// Loads one read of a bundle. The whole-file hash is computed only if the optimized-model cache
    /// needs it, and stays on <paramref name="file"/> for the caller (the device's model watcher).
    /// </summary>
    public static Bundle Load(BundleFile file, InferenceSettings? settings = null)
    {
        settings ??= InferenceSettings.Default;
        byte[] bytes = file.Bytes;
        string? path = file.Path;
        string graphSha = OnnxModelFile.GraphSha256(bytes);
        InferenceSession session;
        bool fromCache;
        try
        {
            session = SessionFactory.Create(file, settings, out fromCache);
        }
        catch (OnnxRuntimeException e)
        {
            throw new BundleException("model", "ONNX Runtime rejected the model: " + FirstLine(e.Message), e);
        }
        try
        {
            var manifest = ReadManifest(session);
            ManifestValidator.ValidateFields(manifest);
            var inputs = Signatures(session.InputMetadata);
            var outputs = Signatures(session.OutputMetadata);
            ManifestValidator.ValidateAgainstModel(manifest, inputs, outputs);
            if (!string.Equals(manifest.Provenance.GraphSha256, graphSha, StringComparison.OrdinalIgnoreCase))
                throw new BundleException("provenance.graph_sha256",
                    $"manifest says {manifest.Provenance.GraphSha256[..12]}…, graph hashes to {graphSha[..12]}… (the graph was modified after export)");
            var input = inputs.First(i => i.Name == manifest.InputName);
            var output = outputs.First(o => o.Name == manifest.OutputName);
            return new Bundle(path, manifest, session, input, output, bytes.LongLength, settings, fromCache);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static BundleManifest ReadManifest(InferenceSession session)
    {
        var map = session.ModelMetadata.CustomMetadataMap;
        if (!map.TryGetValue(BundleManifest.MetadataKey, out var json))
            throw new BundleException($"metadata_props[{BundleManifest.MetadataKey}]", "missing: this ONNX file is a model, not an EdgeAE bundle (make one with `edgeae convert`)");
        return ManifestJson.Parse(json);
    }

    private static List<TensorSignature> Signatures(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        metadata.Select(kv => new TensorSignature(
            kv.Key,
            kv.Value.IsTensor ? kv.Value.Dimensions.Select(d => (long)d).ToArray() : [],
            kv.Value.IsTensor && kv.Value.ElementType == typeof(float))).ToList();

    private static string FirstLine(string text)
    {
        int nl = text.IndexOf('\n');
        return (nl < 0 ? text : text[..nl]).Trim();
    }

    /// <summary>True once the session has been freed (by its owner: the caller, or an owning scorer).</summary>
    public bool IsDisposed { get; private set; }

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        Session.Dispose();
    }
}
