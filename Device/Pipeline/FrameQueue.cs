using System.Collections.Concurrent;
using EdgeAE.Device.Options;
using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sources;

namespace EdgeAE.Device.Pipeline;

/// <summary>
/// The bounded hand-over between the source thread and the scoring thread: a ring of frames
/// allocated once (capacity × channels floats). When full, a <see cref="OverflowPolicy.Block"/> queue makes
/// the source wait and a <see cref="OverflowPolicy.Drop"/> queue refuses the newest frame and counts it —
/// no frame is ever lost without being counted. One producer, one consumer: the head and tail counters
/// are each written by one side, and a side that finds nothing to do sleeps on an event the other side
/// sets only when it knows it is asleep (a waiting flag, checked after the counter moved; both sides use
/// full fences, so one of them always sees the other). No spinning before the sleep: at 1 kHz the
/// SemaphoreSlim this replaced spun and yielded the core about 8 times a frame. A producer that found
/// the queue full sleeps until it is half empty, not until one slot is free: a replay at full speed
/// otherwise switched threads twice per frame (22 k instructions a frame on an emulated A53). Deliberately not
/// disposable: a source thread blocked in a read (stdin) may still complete the queue after the
/// consumer has gone, and the events hold no OS handle unless their wait handles are used.
/// </summary>
public sealed class FrameQueue : IFrameWriter
{
    private readonly float[] values;
    private readonly DateTime[] times;
    private readonly int capacity;
    private readonly int channels;
    private readonly OverflowPolicy overflow;
    private readonly ManualResetEventSlim notEmpty = new(initialState: false, spinCount: 0);
    private readonly ManualResetEventSlim notFull = new(initialState: false, spinCount: 0);
    private readonly CancellationToken cancellation;
    // Each fault with the number of frames written before it: faults are handed out in stream order.
    private readonly ConcurrentQueue<(SensorFault Fault, long After)> faults = new();
    private long head;      // next slot to read (written by the consumer only)
    private long tail;      // next slot to write (written by the producer only)
    private long dropped;
    private int consumerWaiting;
    private int producerWaiting;
    private volatile bool completed;

    public FrameQueue(int capacity, int channels, OverflowPolicy overflow, CancellationToken cancellation)
    {
        this.capacity = capacity;
        this.channels = channels;
        this.overflow = overflow;
        this.cancellation = cancellation;
        values = new float[capacity * channels];
        times = new DateTime[capacity];
    }

    public int Channels => channels;
    public int Capacity => capacity;
    public long Written => Interlocked.Read(ref tail);
    public long Dropped => Interlocked.Read(ref dropped);
    public int Count => (int)(Interlocked.Read(ref tail) - Interlocked.Read(ref head));
    public bool Completed => completed;

    /// <summary>Times the producer slept on a full queue (diagnostics and tests: the wake-ups blocking cost).</summary>
    public long ProducerWaits { get; private set; }

    public bool Write(DateTime timestamp, ReadOnlySpan<float> frame)
    {
        if (cancellation.IsCancellationRequested) return false;
        if (frame.Length != channels)
            throw new ArgumentException($"frame has {frame.Length} values, the source declared {channels} channels");
        while (tail - Interlocked.Read(ref head) >= capacity)
        {
            if (overflow == OverflowPolicy.Drop)
            {
                Interlocked.Increment(ref dropped);
                return true;
            }
            notFull.Reset();
            Interlocked.Exchange(ref producerWaiting, 1);
            try
            {
                if (tail - Interlocked.Read(ref head) >= capacity)
                {
                    ProducerWaits++;
                    notFull.Wait(cancellation);
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            finally
            {
                Volatile.Write(ref producerWaiting, 0);
            }
        }
        int slot = (int)(tail % capacity);
        frame.CopyTo(values.AsSpan(slot * channels, channels));
        times[slot] = timestamp;
        Interlocked.Increment(ref tail);
        if (Volatile.Read(ref consumerWaiting) != 0) notEmpty.Set();
        return true;
    }

    public void ReportFault(SensorFault fault) => faults.Enqueue((fault, Interlocked.Read(ref tail)));

    /// <summary>
    /// The next source fault whose frames have all been read (consumer side): a fault reported after
    /// frame n is handed out only once frame n has been read, so the consumer sees frames and faults
    /// in the order the source produced them (a stuck run's frames, then the stuck fault).
    /// </summary>
    public bool TryTakeFault(out SensorFault fault)
    {
        if (faults.TryPeek(out var f) && f.After <= head && faults.TryDequeue(out _))
        {
            fault = f.Fault;
            return true;
        }
        fault = default;
        return false;
    }

    /// <summary>The source has ended; the consumer drains what is left and then sees the end.</summary>
    public void Complete()
    {
        completed = true;
        Interlocked.MemoryBarrier();
        notEmpty.Set();   // wake the consumer
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a frame and copies it out. Returns false on timeout,
    /// or when the queue is completed and empty (check <see cref="IsDrained"/>).
    /// </summary>
    public bool TryRead(Span<float> destination, out DateTime timestamp, TimeSpan timeout)
    {
        timestamp = default;
        if (head == Interlocked.Read(ref tail))
        {
            if (completed) return false;
            notEmpty.Reset();
            Interlocked.Exchange(ref consumerWaiting, 1);
            try
            {
                if (head == Interlocked.Read(ref tail) && !completed) notEmpty.Wait(timeout);
            }
            finally
            {
                Volatile.Write(ref consumerWaiting, 0);
            }
            if (head == Interlocked.Read(ref tail)) return false;
        }
        int slot = (int)(head % capacity);
        values.AsSpan(slot * channels, channels).CopyTo(destination);
        timestamp = times[slot];
        long left = Interlocked.Read(ref tail) - Interlocked.Increment(ref head);
        // A waiting producer is woken once half the ring is free (always before the ring is empty).
        if (left <= capacity / 2 && Volatile.Read(ref producerWaiting) != 0) notFull.Set();
        return true;
    }

    public bool IsDrained => completed && head == Interlocked.Read(ref tail);
}
