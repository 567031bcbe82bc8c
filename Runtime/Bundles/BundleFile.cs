namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// One read of a bundle: its bytes and, computed at most once and only when someone asks, the SHA-256
/// of the whole file. The optimized-model cache keys on that hash and the device's model watcher
/// remembers it as "what is running"; sharing it means a start reads and hashes the file once, and
/// the watcher's hash is of the very bytes the session was built from, never of a later re-read.
/// (The graph hash that proves the graph untampered is another hash over part of the file.)
/// </summary>
public sealed class BundleFile
{
    private string? sha256;

    /// <param name="path">Where the bytes came from (names the cache entry); null for bytes made in memory.</param>
    public BundleFile(byte[] bytes, string? path = null)
    {
        Bytes = bytes;
        Path = path;
    }

    public byte[] Bytes { get; }
    public string? Path { get; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Bytes"/>.</summary>
    public string Sha256 => sha256 ??= OnnxModelFile.Sha256Hex(Bytes);

    /// <summary>True once <see cref="Sha256"/> has been computed (it never is twice).</summary>
    public bool IsHashed => sha256 is not null;

    /// <summary>Reads the whole file; an unreadable one is a <see cref="BundleException"/> on <c>path</c>.</summary>
    public static BundleFile Read(string path)
    {
        try
        {
            return new BundleFile(File.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BundleException("path", $"cannot read '{path}': {e.Message}", e);
        }
    }
}
