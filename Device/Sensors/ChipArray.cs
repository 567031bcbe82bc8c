namespace EdgeAE.Device.Sensors;

/// <summary>
/// Several chips read as ONE multi-channel frame source. Each <see cref="ReadFrames"/> drains every chip
/// (FIFO chips deliver many samples, polled chips at most one) and aligns them:
/// <list type="bullet">
/// <item>The frame count is the largest sample count any chip delivered, so the fastest chip sets the frame
/// rate and none of its samples is dropped (taking the minimum would decimate a 3200 Hz FIFO to the poll rate).</item>
/// <item>A chip with fewer samples is spread over the frames (nearest earlier sample), and a chip with none
/// new repeats its last sample (zero-order hold).</item>
/// <item>Frames start once every chip has delivered a first sample; samples read before that are discarded.</item>
/// </list>
/// Transient bus errors (<see cref="IOException"/> incl. EREMOTEIO, <see cref="TimeoutException"/>) are retried
/// with bounded exponential backoff; when retries run out a <see cref="SensorFaultException"/> names the chip,
/// the chip is re-initialised on the next call, and the caller keeps polling to recover.
/// Not thread-safe: one reader thread. No allocation per call once the largest <c>maxFrames</c> has been seen.
/// </summary>
public sealed class ChipArray : IDisposable
{
    private readonly ChipArrayMember[] members;
    private readonly SensorRetryPolicy retry;
    private readonly Action<TimeSpan> sleep;
    private readonly string[] channels;
    private readonly int[] counts;
    private readonly TimeProvider time;
    private bool disposed;

    /// <summary>Composes already-created chips; call <see cref="Initialize"/> (or just <see cref="ReadFrames"/>, which initialises lazily).</summary>
    /// <param name="time">Clock for the silence watchdog (tests pass a fake); default the system clock.</param>
    public ChipArray(IReadOnlyList<ChipArrayMember> members, SensorRetryPolicy? retry = null, Action<TimeSpan>? sleep = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("a chip array needs at least one chip", nameof(members));
        }
        this.members = [.. members];
        this.retry = retry ?? new SensorRetryPolicy();
        if (this.retry.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(retry), this.retry.MaxAttempts, "MaxAttempts must be at least 1");
        }
        this.sleep = sleep ?? Delay.Sleep;
        this.time = time ?? TimeProvider.System;
        this.channels = [.. this.members.SelectMany(m => m.ChannelNames)];
        if (this.channels.Distinct(StringComparer.Ordinal).Count() != this.channels.Length)
        {
            throw new ArgumentException($"channel names repeat: {string.Join(", ", this.channels)}", nameof(members));
        }
        counts = new int[this.members.Length];
    }

    /// <summary>
    /// Opens every configured chip through <paramref name="buses"/> (default: the real Linux buses), checks its
    /// identity and configures it. Bad options throw <see cref="ChipConfigurationException"/>; a bus that does
    /// not open or a chip that does not answer (after retries) or is the wrong chip throws
    /// <see cref="SensorFaultException"/> with <see cref="SensorFaultKind.NotFound"/>.
    /// </summary>
    public static ChipArray Open(IReadOnlyList<ChipOptions> chips, SensorBusFactory? buses = null, SensorRetryPolicy? retry = null, Action<TimeSpan>? sleep = null, TimeProvider? time = null)
    {
        ChipPlan[] plans = ChipFactory.Plan(chips, sleep);
        buses ??= SensorBusFactory.Hardware;
        var members = new List<ChipArrayMember>(plans.Length);
        try
        {
            foreach (ChipPlan plan in plans)
            {
                ISensorChip chip;
                try
                {
                    chip = plan.Create(buses);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or DllNotFoundException or InvalidOperationException)
                {
                    throw new SensorFaultException(plan.Name, SensorFaultKind.NotFound,
                        $"cannot open {plan.Location}: {e.Message.TrimEnd('.')}; {Hint(plan.Options.Bus)}", e);
                }
                members.Add(new ChipArrayMember(plan.Name, chip, plan.Select, plan.ChannelNames, plan.Options.StuckSamples)
                {
                    // Linux opens spidev/i2c-dev lazily on the first transfer: say where and how to fix it then too.
                    OpenHint = $"{plan.Location}; check the wiring and address, {Hint(plan.Options.Bus)}",
                });
            }
            var array = new ChipArray(members, retry, sleep, time);
            array.Initialize();
            return array;
        }
        catch
        {
            foreach (ChipArrayMember member in members)
            {
                member.Chip.Dispose();
            }
            throw;
        }
    }

    /// <summary>Frame channel names, in order: each chip's selected channels, chips in configured order.</summary>
    public IReadOnlyList<string> Channels => this.channels;

    public IReadOnlyList<ChipArrayMember> Members => this.members;

    /// <summary>Nominal frame rate: that of the fastest chip (see the alignment rule).</summary>
    public double RateHz => this.members.Max(m => m.Chip.RateHz);

    /// <summary>Called on every transient error before its retry (sensor name, attempt from 1, the error). For logging.</summary>
    public Action<string, int, Exception>? TransientError { get; set; }

    /// <summary>
    /// Initialises every chip (identity check + configuration) with retries. A chip that does not answer or is
    /// the wrong chip throws <see cref="SensorFaultKind.NotFound"/>.
    /// </summary>
    public void Initialize()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        foreach (ChipArrayMember member in this.members)
        {
            member.NeedsInitialize = true;
            Attempt(member, 0, initializing: true);
        }
    }

    /// <summary>
    /// Reads whatever the chips have ready and writes up to <paramref name="maxFrames"/> aligned frames of
    /// <see cref="Channels"/>.Count values into <paramref name="destination"/>; returns the number of frames
    /// (0 when nothing new). Throws <see cref="SensorFaultException"/> when a chip is down, stuck, wrong or
    /// sends bad data; the other chips' samples of that call are lost, the array stays usable.
    /// </summary>
    public int ReadFrames(Span<float> destination, int maxFrames)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        int width = this.channels.Length;
        maxFrames = Math.Min(maxFrames, destination.Length / width);
        if (maxFrames <= 0)
        {
            return 0;
        }
        int frames = 0;
        bool allPrimed = true;
        for (int m = 0; m < this.members.Length; m++)
        {
            ChipArrayMember member = this.members[m];
            int need = maxFrames * member.Chip.Channels.Count;
            if (member.Scratch.Length < need)
            {
                member.Scratch = new float[need];
            }
            int count = Attempt(member, maxFrames, initializing: false);
            Inspect(member, count);
            Hold(member, count);
            CheckSilence(member, count);
            counts[m] = count;
            frames = Math.Max(frames, count);
            allPrimed &= member.HasLast;
        }
        if (frames == 0 || !allPrimed)
        {
            return 0;
        }
        int column = 0;
        for (int m = 0; m < this.members.Length; m++)
        {
            ChipArrayMember member = this.members[m];
            int count = counts[m];
            int native = member.Chip.Channels.Count;
            int[] select = member.SelectArray;
            for (int f = 0; f < frames; f++)
            {
                // Spread `count` samples over `frames`: frame f takes sample ⌊f·count/frames⌋, or the held one.
                ReadOnlySpan<float> sample = count == 0
                    ? member.Last
                    : member.Scratch.AsSpan((int)((long)f * count / frames) * native, native);
                Span<float> row = destination.Slice(f * width + column, select.Length);
                for (int c = 0; c < select.Length; c++)
                {
                    row[c] = sample[select[c]];
                }
            }
            column += select.Length;
        }
        return frames;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        foreach (ChipArrayMember member in this.members)
        {
            member.Chip.Dispose();
        }
    }

    /// <summary>One read (or initialisation) of one chip, retried on transient errors, faulted when they persist.</summary>
    private int Attempt(ChipArrayMember member, int maxFrames, bool initializing)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (member.NeedsInitialize)
                {
                    member.Chip.Initialize();
                    member.NeedsInitialize = false;
                    member.HasLast = false;
                    member.Repeats = 0;
                    member.LastSampleAt = this.time.GetTimestamp();
                }
                return initializing ? 0 : member.Chip.Read(member.Scratch, maxFrames);
            }
            catch (Exception e) when (IsTransient(e))
            {
                member.TransientErrors++;
                TransientError?.Invoke(member.Name, attempt, e);
                if (attempt >= this.retry.MaxAttempts)
                {
                    member.NeedsInitialize = true;
                    member.Faults++;
                    SensorFaultKind kind = KindOf(e, initializing);
                    string where = kind == SensorFaultKind.NotFound && e is not ChipIdentityException && member.OpenHint is not null
                        ? $" at {member.OpenHint}"
                        : "";
                    throw new SensorFaultException(member.Name, kind,
                        $"{e.Message.TrimEnd('.')}{where} ({attempt} attempt{(attempt == 1 ? "" : "s")})", e);
                }
                this.sleep(this.retry.DelayAfter(attempt));
            }
        }
    }

    private static string Hint(SensorBus bus) => bus == SensorBus.I2c
        ? "enable I2C (raspi-config, dtparam=i2c_arm=on) and add the user to group i2c"
        : "enable SPI (raspi-config, dtparam=spi=on) and add the user to group spi";

    private static bool IsTransient(Exception e) =>
        e is IOException or TimeoutException or InvalidDataException or ChipIdentityException;

    private static SensorFaultKind KindOf(Exception e, bool initializing) => e switch
    {
        ChipIdentityException => SensorFaultKind.NotFound,
        ProbeFaultException probe => probe.Kind,
        InvalidDataException => SensorFaultKind.BadData,
        _ => initializing ? SensorFaultKind.NotFound : SensorFaultKind.Down,
    };

    /// <summary>Non-finite values are bad data; identical samples in a row count towards Stuck.</summary>
    private static void Inspect(ChipArrayMember member, int count)
    {
        int native = member.Chip.Channels.Count;
        int[] select = member.SelectArray;
        ReadOnlySpan<float> previous = member.Last;
        bool hasPrevious = member.HasLast;
        for (int s = 0; s < count; s++)
        {
            ReadOnlySpan<float> sample = member.Scratch.AsSpan(s * native, native);
            bool same = hasPrevious;
            for (int c = 0; c < select.Length; c++)
            {
                float v = sample[select[c]];
                if (!float.IsFinite(v))
                {
                    member.Faults++;
                    throw new SensorFaultException(member.Name, SensorFaultKind.BadData,
                        $"channel {member.ChannelNames[c]} read {v}");
                }
                same &= v.Equals(previous[select[c]]);
            }
            member.Repeats = same ? member.Repeats + 1 : 0;
            previous = sample;
            hasPrevious = true;
        }
        member.Samples += count;
        if (member.StuckSamples > 0 && member.Repeats + 1 >= member.StuckSamples && count > 0)
        {
            Hold(member, count);
            member.Faults++;
            throw new SensorFaultException(member.Name, SensorFaultKind.Stuck,
                $"all channels repeated the same value for {member.Repeats + 1} samples");
        }
    }

    /// <summary>
    /// A chip that stops producing without any bus error (reset to standby by a brown-out, FIFO or DATA_RDY
    /// never set again) would otherwise be held forever: after <see cref="SensorRetryPolicy.SilentAfter"/>
    /// (or 20 sample periods if longer) it is Down and gets re-initialised on the next call.
    /// </summary>
    private void CheckSilence(ChipArrayMember member, int count)
    {
        long now = this.time.GetTimestamp();
        if (count > 0)
        {
            member.LastSampleAt = now;
            return;
        }
        TimeSpan silent = this.time.GetElapsedTime(member.LastSampleAt, now);
        TimeSpan limit = TimeSpan.FromSeconds(Math.Max(this.retry.SilentAfter.TotalSeconds, 20 / member.Chip.RateHz));
        if (silent > limit)
        {
            member.NeedsInitialize = true;
            member.Faults++;
            throw new SensorFaultException(member.Name, SensorFaultKind.Down,
                $"no new sample for {silent.TotalMilliseconds:0} ms (expected every {1000 / member.Chip.RateHz:0.###} ms)");
        }
    }

    private static void Hold(ChipArrayMember member, int count)
    {
        if (count > 0)
        {
            int native = member.Chip.Channels.Count;
            member.Scratch.AsSpan((count - 1) * native, native).CopyTo(member.Last);
            member.HasLast = true;
        }
    }
}
