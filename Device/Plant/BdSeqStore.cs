using System.Globalization;

namespace EdgeAE.Device.Plant;

/// <summary>
/// The Sparkplug birth/death sequence number (0–255): one per connection, in the NDEATH will and the
/// NBIRTH that follows, so a host can tell which death belongs to which birth. Kept in
/// <c>mqtt.bdseq</c> so it goes on counting across restarts.
/// </summary>
public sealed class BdSeqStore
{
    private readonly string path;

    public BdSeqStore(string directory) => path = Path.Combine(directory, "mqtt.bdseq");

    public ulong Next()
    {
        ulong last = 255;   // first connection ever: 0
        if (File.Exists(path) && ulong.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) last = v;
        ulong next = (last + 1) & 0xFF;
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, next.ToString(CultureInfo.InvariantCulture));
        File.Move(tmp, path, overwrite: true);
        return next;
    }
}
