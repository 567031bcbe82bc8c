using EdgeAE.Runtime.Bundles;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Runtime.Inference;

/// <summary>
/// One bundle file's entry in the optimized-model cache: ONNX Runtime's optimized graph plus a sidecar
/// (<c>.sha256</c>) recording the SHA-256 of that graph file and of the bundle it came from. Before a
/// cached graph runs it is verified: the sidecar must name this bundle, the file must hash to what the
/// sidecar says (a torn write after a power cut, or an edit, fails here), and once loaded its manifest
/// metadata must equal the bundle's own, byte for byte. Anything else is deleted and rebuilt from the
/// bundle. Older entries of the same bundle name are removed when a new one is written.
/// </summary>
internal sealed class OptimizedModelCache
{
    private readonly string directory;
    private readonly string prefix;
    private readonly string bundleSha;
    private readonly string? manifest;

    /// <param name="bundle">A read of the bundle with a path; its whole-file hash is the key (shared with whoever else needs it).</param>
    public OptimizedModelCache(string directory, BundleFile bundle, string suffix)
    {
        this.directory = Path.GetFullPath(directory);
        bundleSha = bundle.Sha256;
        prefix = Path.GetFileName(Path.GetFullPath(bundle.Path!)) + ".";
        FilePath = Path.Combine(this.directory, prefix + bundleSha[..16] + suffix);
        manifest = OnnxModelFile.MetadataValue(bundle.Bytes, BundleManifest.MetadataKey);
    }

    public string FilePath { get; }
    private string SidecarPath => FilePath + ".sha256";

    /// <summary>Opens the cached graph if it exists and passes every check; otherwise removes it.</summary>
    public bool TryOpen(InferenceSettings settings, out InferenceSession session)
    {
        session = null!;
        if (!File.Exists(FilePath)) return false;
        try
        {
            string[] recorded = File.ReadAllText(SidecarPath).Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (recorded.Length != 2 || recorded[1] != bundleSha) return Discard();
            byte[] graph = File.ReadAllBytes(FilePath);
            if (OnnxModelFile.Sha256Hex(graph) != recorded[0]) return Discard();
            using var options = SessionFactory.CreateOptions(settings);
            // The cached graph is already optimized for this machine; optimizing again would only cost start-up time.
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
            var candidate = new InferenceSession(graph, options);
            candidate.ModelMetadata.CustomMetadataMap.TryGetValue(BundleManifest.MetadataKey, out var cachedManifest);
            if (cachedManifest != manifest)
            {
                candidate.Dispose();
                return Discard();
            }
            session = candidate;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OnnxRuntimeException)
        {
            return Discard();
        }
    }

    /// <summary>Creates the session from the bundle and, when the folder is writable, leaves the verified graph for next time.</summary>
    public InferenceSession Build(byte[] bundleBytes, InferenceSettings settings)
    {
        using var options = SessionFactory.CreateOptions(settings);
        string temp = FilePath + $".{Environment.ProcessId}.tmp";
        bool write = Prepare();
        if (write) options.OptimizedModelFilePath = temp;
        var session = new InferenceSession(bundleBytes, options);
        if (write) Commit(temp);
        return session;
    }

    private bool Prepare()
    {
        try
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.EnumerateFiles(directory, prefix + "*"))
                if (stale != FilePath && stale != SidecarPath) File.Delete(stale);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;   // no cache this time; the session itself does not depend on it
        }
    }

    private void Commit(string temp)
    {
        try
        {
            string sha = OnnxModelFile.Sha256Hex(File.ReadAllBytes(temp));
            File.Move(temp, FilePath, overwrite: true);
            string sidecarTemp = SidecarPath + ".tmp";
            File.WriteAllText(sidecarTemp, $"{sha} {bundleSha}\n");
            File.Move(sidecarTemp, SidecarPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            Discard();
        }
    }

    private bool Discard()
    {
        TryDelete(FilePath);
        TryDelete(SidecarPath);
        return false;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
