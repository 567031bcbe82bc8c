using EdgeAE.Runtime.Bundles;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Runtime.Inference;

/// <summary>Creates ORT sessions with the board-friendly settings and, when asked for, the optimized-model cache.</summary>
public static class SessionFactory
{
    // Lazy (not a flag): a second caller must wait until the first has put the opt-out in place and
    // created the environment, or its session could create the OrtEnv without it.
    private static readonly Lazy<OrtEnv> OrtEnvironment = new(() =>
    {
        OrtTelemetryOptOut.Apply();
        var env = OrtEnv.Instance();
        env.DisableTelemetryEvents();
        return env;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// ORT 1.31 starts a telemetry uploader on Linux; a factory device must not phone home, so the
    /// process-wide environment has it switched off before the first session exists: fully (no device
    /// id, no offline cache, no uploader) by <see cref="OrtTelemetryOptOut"/> before the OrtEnv is
    /// created, and its events muted after. The first call loads libonnxruntime.so and runs its static
    /// initializers (~10–25 ms).
    /// </summary>
    public static void EnsureEnvironment() => _ = OrtEnvironment.Value;

    /// <summary>
    /// Config entries every EdgeAE session gets (the caller's <see cref="InferenceSettings.ConfigEntries"/>
    /// come after them and may override them). Spinning threads burn a core while idle between
    /// windows: the wrong trade on a 4-core board. <c>session.x64quantprecision=1</c>: ORT's x64
    /// U8S8 integer kernels for AVX2 and AVX-512 without VNNI (and SSE4.1) add pairs of uint8 × int8
    /// products in 16 bits (vpmaddubsw) and saturate when an activation code near 255 meets weights
    /// near ±127; with the entry ORT stores such int8 weights as uint8 (+128, zero point moved with
    /// them: the same products) and runs its exact U8U8 kernels, so a bundle's scores on a
    /// workstation (where thresholds are calibrated) equal those of a VNNI CPU and of the ARM board.
    /// Measured on a Zen 3 (AVX2, no VNNI) host: MLPerf Tiny ad01's int8 mean score was 112 % off
    /// without it, 0.39 % with it (the VNNI host's figure). ORT reads it only on x86 builds; on ARM it
    /// changes nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DefaultConfigEntries { get; } = new Dictionary<string, string>
    {
        ["session.intra_op.allow_spinning"] = "0",
        ["session.inter_op.allow_spinning"] = "0",
        ["session.x64quantprecision"] = "1",
    };

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
        foreach (var (key, value) in EffectiveConfigEntries(settings))
            options.AddSessionConfigEntry(key, value);
        return options;
    }

    /// <summary>
    /// Opens a session on one read of a bundle. With <see cref="InferenceSettings.OptimizedModelCacheDirectory"/>
    /// set (and a path on <paramref name="file"/>), the optimized graph is read from (or written to) that folder as
    /// <c>&lt;bundle name&gt;.&lt;file hash&gt;.ort&lt;version&gt;.opt.onnx</c>. The key is the hash of the whole
    /// file, not just the graph: the manifest (thresholds) travels in the cached model's metadata, so
    /// recalibrating a bundle in place must miss the old cache. The hash is taken from <paramref name="file"/>
    /// (computed there if nobody has yet). See <see cref="OptimizedModelCache"/> for how a cache file is
    /// verified before it runs.
    /// </summary>
    public static InferenceSession Create(BundleFile file, InferenceSettings settings, out bool fromCache)
    {
        EnsureEnvironment();
        fromCache = false;
        if (settings.OptimizedModelCacheDirectory is not { Length: > 0 } dir || file.Path is null)
        {
            using var plain = CreateOptions(settings);
            return new InferenceSession(file.Bytes, plain);
        }
        var cache = new OptimizedModelCache(dir, file, CacheSuffix(settings));
        if (cache.TryOpen(settings, out var cached))
        {
            fromCache = true;
            return cached;
        }
        return cache.Build(file.Bytes, settings);
    }

    /// <summary>The defaults overridden by the caller's entries: what the session is created with.</summary>
    public static IReadOnlyDictionary<string, string> EffectiveConfigEntries(InferenceSettings settings)
    {
        var entries = new Dictionary<string, string>(DefaultConfigEntries, StringComparer.Ordinal);
        foreach (var (key, value) in settings.ConfigEntries) entries[key] = value;
        return entries;
    }

    /// <summary>
    /// The key covers every config entry, defaults included: an optimized graph holds decisions the
    /// entries made (x64quantprecision rewrites weights), so a cache written under other entries
    /// must miss.
    /// </summary>
    private static string CacheSuffix(InferenceSettings settings) =>
        $".ort{OrtVersion}.{StableKey(EffectiveConfigEntries(settings))}.opt.onnx";

    private static string StableKey(IReadOnlyDictionary<string, string> entries)
    {
        string text = string.Join(";", entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value));
        return Sha256.Hex(System.Text.Encoding.UTF8.GetBytes(text))[..8];
    }

    private static string OrtVersion => typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "x";
}
