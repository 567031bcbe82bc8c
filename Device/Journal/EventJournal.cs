using System.Text;
using System.Text.Json;

namespace EdgeAE.Device.Journal;

/// <summary>
/// Append-only JSON-lines journal. Each event is written as one complete line and fsynced before
/// <see cref="Append"/> returns, so an event reported as journaled survives a power cut or SIGKILL.
/// A torn tail left by a crash mid-write is cut off at start-up; files rotate by size
/// (events.jsonl → events.1.jsonl → … events.K.jsonl). Sequence numbers continue across restarts.
/// A full disk or a read-only directory makes <see cref="Append"/> throw (an <see cref="IOException"/>
/// or <see cref="UnauthorizedAccessException"/>) without touching what is already journaled: a partly
/// written line is cut off again before the next write, and a directory that could not be opened at
/// start is opened (and its sequence recovered) on the next append that succeeds.
/// </summary>
public sealed class EventJournal : IDisposable
{
    public const string FileName = "events.jsonl";

    private readonly string directory;
    private readonly long maxBytes;
    private readonly int keep;
    private readonly bool fsync;
    private readonly object gate = new();
    private FileStream? stream;
    private long committed;     // length of the active file up to its last complete, written line
    private long seq;

    public EventJournal(string directory, long maxBytes, int keep, bool fsync)
    {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.fsync = fsync;
        try
        {
            Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not fatal: the daemon keeps judging and driving outputs; the next append tries again.
            Problem = e.Message;
        }
    }

    public string ActivePath => Path.Combine(directory, FileName);
    public string Folder => directory;
    public long LastSeq => Interlocked.Read(ref seq);

    /// <summary>Why the last open or write failed (null once a write succeeded again).</summary>
    public string? Problem { get; private set; }

    /// <summary>
    /// Called with the sequence number and line (without newline) of each event once it is durable,
    /// inside the journal's lock so calls arrive in sequence order. Must not block (the outbox and the
    /// dashboard only queue). An event: both may listen.
    /// </summary>
    public event Action<long, byte[]>? Appended;

    /// <summary>
    /// The lowest sequence number still needed by a reader (the MQTT outbox: the first event the broker
    /// has not acknowledged). Rotation keeps older files past <c>Keep</c> while they hold such events.
    /// </summary>
    public Func<long>? KeepFrom { get; set; }

    /// <summary>Assigns the next sequence number, writes and (if configured) fsyncs; returns the sequence number.</summary>
    public long Append(JournalEntry entry)
    {
        lock (gate)
        {
            try
            {
                if (stream is null) Open();
                var fs = stream!;
                // A line a failed write left half-written is cut off before anything follows it.
                if (fs.Length != committed) fs.SetLength(committed);
                fs.Seek(committed, SeekOrigin.Begin);
                entry.Seq = seq + 1;
                byte[] line = JsonSerializer.SerializeToUtf8Bytes(entry, JournalJsonContext.Default.JournalEntry);
                if (committed > 0 && committed + line.Length + 1 > maxBytes)
                {
                    Rotate();
                    fs = stream!;
                }
                // One write call for line + newline: a crash leaves either nothing or a torn tail that recovery removes.
                var buffer = new byte[line.Length + 1];
                line.CopyTo(buffer, 0);
                buffer[^1] = (byte)'\n';
                fs.Write(buffer);
                fs.Flush(flushToDisk: fsync);
                committed += buffer.Length;
                seq = entry.Seq;
                Problem = null;
                Appended?.Invoke(seq, line);
                return seq;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Problem = e.Message;
                // Cut a half-written line at once (truncating frees space even on a full disk), so a
                // reader of the file never sees it; if even that fails, the next append cuts it.
                try
                {
                    if (stream is not null && stream.Length != committed) stream.SetLength(committed);
                }
                catch (Exception cut) when (cut is IOException or UnauthorizedAccessException)
                {
                }
                throw;
            }
        }
    }

    private void Open()
    {
        Directory.CreateDirectory(directory);
        seq = RecoverLastSeq();
        stream = OpenActive();
        committed = stream.Length;
    }

    private FileStream OpenActive()
    {
        var fs = new FileStream(ActivePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
        TruncateTornTail(fs);
        fs.Seek(0, SeekOrigin.End);
        return fs;
    }

    /// <summary>Drops bytes after the last newline (a line cut by a crash before its fsync completed, so never acknowledged).</summary>
    private static void TruncateTornTail(FileStream fs)
    {
        long len = fs.Length;
        if (len == 0) return;
        long pos = len;
        // Scan backwards in blocks for the last '\n'.
        var block = new byte[4096];
        while (pos > 0)
        {
            int n = (int)Math.Min(block.Length, pos);
            fs.Seek(pos - n, SeekOrigin.Begin);
            fs.ReadExactly(block, 0, n);
            int idx = Array.LastIndexOf(block, (byte)'\n', n - 1, n);
            if (idx >= 0)
            {
                long keepTo = pos - n + idx + 1;
                if (keepTo != len) fs.SetLength(keepTo);
                return;
            }
            pos -= n;
        }
        fs.SetLength(0);
    }

    private void Rotate()
    {
        stream!.Flush(flushToDisk: fsync);
        stream.Dispose();
        stream = null;   // reopened by the next append if the renames below fail
        string Rotated(int i) => Path.Combine(directory, $"events.{i}.jsonl");
        int top = 0;
        while (File.Exists(Rotated(top + 1))) top++;
        for (int i = top; i >= 1; i--) File.Move(Rotated(i), Rotated(i + 1));
        File.Move(ActivePath, Rotated(1));
        // Drop files past Keep, oldest first, unless a reader still needs their events.
        long needed = KeepFrom?.Invoke() ?? long.MaxValue;
        for (int i = top + 1; i > keep; i--)
        {
            long highest = i == 1 ? seq : JournalFiles.FirstSeq(Rotated(i - 1)) - 1;
            if (highest >= needed) break;
            File.Delete(Rotated(i));
        }
        stream = OpenActive();
        committed = stream.Length;
    }

    /// <summary>The highest sequence number in the active file, else the newest rotated one.</summary>
    private long RecoverLastSeq()
    {
        foreach (var path in new[] { ActivePath, Path.Combine(directory, "events.1.jsonl") })
        {
            if (!File.Exists(path)) continue;
            string? lastComplete = null;
            using (var reader = new StreamReader(path, Encoding.UTF8))
            {
                string? line;
                while ((line = reader.ReadLine()) is not null)
                    if (line.Length > 0 && line[^1] == '}') lastComplete = line;
            }
            if (lastComplete is null) continue;
            try
            {
                var entry = JsonSerializer.Deserialize(lastComplete, JournalJsonContext.Default.JournalEntry);
                if (entry is not null) return entry.Seq;
            }
            catch (JsonException)
            {
                // A torn line: the truncation in OpenActive removes it; keep looking.
            }
        }
        return 0;
    }

    public void Dispose()
    {
        lock (gate)
        {
            try
            {
                stream?.Flush(flushToDisk: fsync);
            }
            catch (IOException)
            {
                // Every line was flushed when it was written; nothing is lost here.
            }
            stream?.Dispose();
            stream = null;
        }
    }
}
