namespace EdgeAE.Device.Models;

/// <summary>
/// A cheap look at a file (length, last write) to notice that it may have changed without reading
/// it; a real change is then confirmed by hashing. Empty (0, default) when the file is missing or unreadable.
/// </summary>
public readonly record struct FileStamp(long Length, DateTime WrittenUtc)
{
    public static FileStamp Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return default;
        }
    }
}
