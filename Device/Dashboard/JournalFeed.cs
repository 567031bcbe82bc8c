using System.Collections.Concurrent;
using System.Text.Json;
using EdgeAE.Device.Journal;

namespace EdgeAE.Device.Dashboard;

/// <summary>
/// The newest journal entries for the page: the last <see cref="Capacity"/> read from the files at
/// start, then each new line as the journal appends it. The journal's callback runs on the writer's
/// thread inside its lock, so it only enqueues (lock-free); the dashboard's own loop moves lines into
/// the ring with <see cref="Drain"/>.
/// </summary>
public sealed class JournalFeed : IDisposable
{
    public const int Capacity = 500;

    private readonly EventJournal journal;
    private readonly ConcurrentQueue<(long Seq, byte[] Line)> arrived = new();
    private readonly LinkedList<FeedEntry> ring = new();
    private readonly object gate = new();
    private long lastSeq;

    public JournalFeed(EventJournal journal)
    {
        this.journal = journal;
        journal.Appended += OnAppended;
        long from = Math.Max(0, journal.LastSeq - Capacity);
        try
        {
            foreach (var (seq, line) in JournalFiles.ReadAfter(journal.Folder, from)) Add(seq, line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable journal folder: the page starts with an empty list and shows new events.
        }
    }

    /// <summary>Moves newly journaled lines into the ring; returns them in order (for the live stream).</summary>
    public List<FeedEntry> Drain()
    {
        var fresh = new List<FeedEntry>();
        lock (gate)
        {
            while (arrived.TryDequeue(out var a))
                if (Add(a.Seq, a.Line) is { } e) fresh.Add(e);
        }
        return fresh;
    }

    /// <summary>Newest first, optionally only one kind (or a comma-separated list of kinds).</summary>
    public List<FeedEntry> Recent(string? kinds, int limit)
    {
        var wanted = string.IsNullOrEmpty(kinds) ? null : kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = new List<FeedEntry>();
        lock (gate)
        {
            for (var n = ring.Last; n is not null && list.Count < limit; n = n.Previous)
                if (wanted is null || wanted.Contains(n.Value.Kind, StringComparer.Ordinal)) list.Add(n.Value);
        }
        return list;
    }

    public void Dispose() => journal.Appended -= OnAppended;

    private void OnAppended(long seq, byte[] line) => arrived.Enqueue((seq, line));

    private FeedEntry? Add(long seq, byte[] line)
    {
        lock (gate)
        {
            if (seq <= lastSeq) return null;   // read from the file at start and also announced
            lastSeq = seq;
            var entry = new FeedEntry(seq, KindOf(line), line);
            ring.AddLast(entry);
            if (ring.Count > Capacity) ring.RemoveFirst();
            return entry;
        }
    }

    private static string KindOf(byte[] line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, JournalJsonContext.Default.JournalEntry)?.Kind ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}

/// <summary>One journal line as written (snake_case JSON), with its sequence number and kind.</summary>
public sealed class FeedEntry(long seq, string kind, byte[] line)
{
    public long Seq { get; } = seq;
    public string Kind { get; } = kind;
    public byte[] Line { get; } = line;
}
