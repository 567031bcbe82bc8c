using EdgeAE.Runtime.Bundles;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Runtime.Inference;

/// <summary>Creates ORT sessions with the board-friendly settings and the optimized-model cache.</summary>
public static class SessionFactory
{
    private static int telemetryDisabled;

    /// <summary>
    /// ORT 1.31 starts a telemetry uploader on Linux; a factory device must not phone home, so the
    /// process-wide environment has it switched off before the first session exists.
    /// </summary>
    public static void EnsureEnvironment()
    {
        if (Interlocked.Exchange(ref telemetryDisabled, 1) == 0)
            OrtEnv.Instance().DisableTelemetryEvents();
    }

    public static SessionOptions CreateOptions(InferenceSettings settings)
    {
        if (settings.IntraOpThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(settings), "IntraOpThreads must be ≥ 1");
        var options = new SessionOptions
        {
            IntraOpNumThreads = settings.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // Spinning threads burn a core while idle between windows: wrong trade on a 4-core board.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        foreach (var (key, value) in settings.ConfigEntries)
            options.AddSessionConfigEntry(key, value);
        return options;
    }

    /// <summary>
    /// Opens a session on <paramref name="modelBytes"/>. With caching on, the optimized graph is read
    /// from (or written to) <c>&lt;bundle&gt;.&lt;file hash&gt;.opt.onnx</c>; a broken cache is deleted
    /// and the bundle itself is used. The key is the hash of the whole file, not just the graph: the
    /// manifest (thresholds) travels in the cached model's metadata, so recalibrating a bundle in
    /// place must miss the old cache.
    /// </summary>
    public static InferenceSession Create(byte[] modelBytes, string? bundlePath, InferenceSettings settings)
    {
        EnsureEnvironment();
        string? cache = settings.CacheOptimizedModel && bundlePath is not null
            ? CachePath(bundlePath, Sha256.HexOf(modelBytes), settings)
            : null;
        if (cache is not null && File.Exists(cache))
        {
            try
            {
                using var cached = CreateOptions(settings);
                // The cached graph is already optimized for this machine; optimizing again would only cost start-up time.
                cached.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
                return new InferenceSession(cache, cached);
            }
            catch (OnnxRuntimeException)
            {
                TryDelete(cache);
            }
        }
        using var options = CreateOptions(settings);
        if (cache is not null && CanWriteNextTo(bundlePath!))
        {
            foreach (var stale in StaleCaches(bundlePath!, cache))
                TryDelete(stale);
            options.OptimizedModelFilePath = cache;
        }
        return new InferenceSession(modelBytes, options);
    }

    internal static string CachePath(string bundlePath, string fileSha256, InferenceSettings settings)
    {
        string key = fileSha256[..16];
        string entries = settings.ConfigEntries.Count == 0 ? "" : "." + StableKey(settings.ConfigEntries);
        return Path.GetFullPath(bundlePath) + $".{key}.ort{OrtVersion}{entries}.opt.onnx";
    }

    private static string StableKey(IReadOnlyDictionary<string, string> entries)
    {
        string text = string.Join(";", entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value));
        return Sha256.HexOf(System.Text.Encoding.UTF8.GetBytes(text))[..8];
    }

    private static string OrtVersion => typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "x";

    private static IEnumerable<string> StaleCaches(string bundlePath, string keep)
    {
        string full = Path.GetFullPath(bundlePath);
        string? dir = Path.GetDirectoryName(full);
        if (dir is null) yield break;
        foreach (var file in Directory.EnumerateFiles(dir, Path.GetFileName(full) + ".*.opt.onnx"))
            if (file != keep) yield return file;
    }

    private static bool CanWriteNextTo(string bundlePath)
    {
        try
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(bundlePath)) ?? ".";
            string probe = Path.Combine(dir, $".edgeae-write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
