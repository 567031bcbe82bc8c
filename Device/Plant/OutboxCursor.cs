using System.Globalization;

namespace EdgeAE.Device.Plant;

/// <summary>
/// The journal sequence number up to which the broker has acknowledged events, kept in
/// <c>outbox.cursor</c> beside the journal (write-then-rename). It is saved at most every 200 ms, so
/// a crash may re-send the last few events: delivery is at least once, and every message carries its
/// journal seq for consumers to drop duplicates.
/// </summary>
public sealed class OutboxCursor
{
    public const string FileName = "outbox.cursor";
    private static readonly TimeSpan SaveEvery = TimeSpan.FromMilliseconds(200);

    private readonly string path;
    private readonly TimeProvider time;
    private long delivered;
    private long saved;
    private long lastSave;

    /// <param name="startAt">Used when no cursor exists yet: MQTT was just enabled, so only events from now on are sent.</param>
    public OutboxCursor(string directory, long startAt, TimeProvider time)
    {
        path = Path.Combine(directory, FileName);
        this.time = time;
        Existed = File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out delivered);
        if (!Existed)
        {
            delivered = startAt;
            Save();
        }
        saved = delivered;
    }

    public bool Existed { get; }
    public long Delivered => Interlocked.Read(ref delivered);

    public void Advance(long seq)
    {
        if (seq <= delivered) return;
        Interlocked.Exchange(ref delivered, seq);
        if (time.GetElapsedTime(lastSave) >= SaveEvery) Save();
    }

    public void Flush()
    {
        if (saved != delivered) Save();
    }

    private void Save()
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, delivered.ToString(CultureInfo.InvariantCulture));
        File.Move(tmp, path, overwrite: true);
        saved = delivered;
        lastSave = time.GetTimestamp();
    }
}
