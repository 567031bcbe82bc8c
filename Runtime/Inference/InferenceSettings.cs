namespace EdgeAE.Runtime.Inference;

/// <summary>ONNX Runtime session settings sized for a small board.</summary>
public sealed record InferenceSettings
{
    /// <summary>Intra-op threads. One keeps a Pi's other cores free for I/O and the OS.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Write the optimized graph next to the bundle (when writable) and reuse it on the next start.</summary>
    public bool CacheOptimizedModel { get; init; } = true;

    /// <summary>Extra ORT session config entries, e.g. <c>session.qdqisint8allowed=1</c>.</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();

    public static InferenceSettings Default { get; } = new();
}
