using System.Collections.Concurrent;
using EdgeAE.Device.Journal;

namespace EdgeAE.Device.Plant;

/// <summary>
/// The journal is the outbox: every event is on disk (fsynced) before it is offered here, and it
/// leaves the outbox only when the broker acknowledged it (QoS 1 PUBACK) and the cursor moved past
/// it. New events arrive through <see cref="EventJournal.Appended"/> into a bounded memory queue;
/// after an outage longer than that queue, or after a restart, they are read back from the journal
/// files. Rotation keeps files holding unsent events (<see cref="EventJournal.KeepFrom"/>): events are never dropped.
/// </summary>
public sealed class JournalOutbox : IDisposable
{
    private const int MemoryLimit = 4096;
    private const int DiskBatch = 2048;

    private readonly EventJournal journal;
    private readonly ConcurrentQueue<(long Seq, byte[] Line)> recent = new();
    private readonly Queue<(long Seq, byte[] Line)> ready = new();
    private readonly SemaphoreSlim signal;
    private volatile bool fromDisk = true;   // start by reading what a previous run left unsent
    private long queuedUpTo;                 // highest seq moved into `ready`
    private long pendingBytes;

    public JournalOutbox(EventJournal journal, OutboxCursor cursor, SemaphoreSlim signal)
    {
        this.journal = journal;
        Cursor = cursor;
        this.signal = signal;
        queuedUpTo = cursor.Delivered;
        journal.KeepFrom = () => Cursor.Delivered + 1;
        journal.Appended += OnAppended;
        foreach (var (_, line) in JournalFiles.ReadAfter(journal.Folder, cursor.Delivered))
            pendingBytes += line.Length + 1;
    }

    public OutboxCursor Cursor { get; }

    /// <summary>Events journaled but not yet acknowledged by the broker.</summary>
    public long Pending => Math.Max(0, journal.LastSeq - Cursor.Delivered);

    public long PendingBytes => Interlocked.Read(ref pendingBytes);

    private void OnAppended(long seq, byte[] line)
    {
        Interlocked.Add(ref pendingBytes, line.Length + 1);
        // Never block the writer (the scoring thread): past the limit the events stay on disk only.
        if (!fromDisk && recent.Count < MemoryLimit) recent.Enqueue((seq, line));
        else fromDisk = true;
        if (signal.CurrentCount == 0) signal.Release();
    }

    /// <summary>The oldest unsent event, without removing it (publisher thread only).</summary>
    public bool TryPeek(out long seq, out byte[] line)
    {
        if (ready.Count == 0) Refill();
        if (ready.TryPeek(out var head))
        {
            (seq, line) = head;
            return true;
        }
        (seq, line) = (0, []);
        return false;
    }

    /// <summary>The broker acknowledged <paramref name="seq"/>: move the cursor past it.</summary>
    public void Acknowledged(long seq)
    {
        while (ready.TryPeek(out var head) && head.Seq <= seq)
        {
            ready.Dequeue();
            Interlocked.Add(ref pendingBytes, -(head.Line.Length + 1));
        }
        Cursor.Advance(seq);
    }

    private void Refill()
    {
        if (fromDisk)
        {
            // Clear the flag first: events appended while we read land in `recent` and are de-duplicated by seq.
            fromDisk = false;
            foreach (var e in JournalFiles.ReadAfter(journal.Folder, queuedUpTo))
            {
                ready.Enqueue(e);
                queuedUpTo = e.Seq;
                if (ready.Count >= DiskBatch)
                {
                    fromDisk = true;   // more on disk than one batch: read on after this one
                    break;
                }
            }
            if (ready.Count > 0) return;
        }
        while (recent.TryDequeue(out var e))
        {
            if (e.Seq <= queuedUpTo) continue;
            if (e.Seq != queuedUpTo + 1)
            {
                // A gap (events that went only to disk): read them, and this one, back from there next time.
                fromDisk = true;
                return;
            }
            ready.Enqueue(e);
            queuedUpTo = e.Seq;
        }
    }

    public void Dispose()
    {
        journal.Appended -= OnAppended;
        Cursor.Flush();
    }
}
