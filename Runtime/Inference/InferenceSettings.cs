namespace EdgeAE.Runtime.Inference;

/// <summary>ONNX Runtime session settings sized for a small board.</summary>
public sealed record InferenceSettings
{
    /// <summary>Intra-op threads. One keeps a Pi's other cores free for I/O and the OS.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Folder for ONNX Runtime's optimized graph, reused (after verification) on the next load of the
    /// same bundle file. Null (the default) caches nothing: a library call never writes files the caller
    /// did not ask for. The device opts in with a folder under its state directory.
    /// </summary>
    public string? OptimizedModelCacheDirectory { get; init; }

    /// <summary>Extra ORT session config entries, e.g. <c>session.qdqisint8allowed=1</c>.</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();

    public static InferenceSettings Default { get; } = new();
}
