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
    private readonly ChipArrayMember[] _members;
    private readonly SensorRetryPolicy _retry;
    private readonly Action<TimeSpan> _sleep;
    private readonly string[] _channels;
    private readonly int[] _counts;
    private bool _disposed;

    /// <summary>Composes already-created chips; call <see cref="Initialize"/> (or just <see cref="ReadFrames"/>, which initialises lazily).</summary>
    public ChipArray(IReadOnlyList<ChipArrayMember> members, SensorRetryPolicy? retry = null, Action<TimeSpan>? sleep = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("a chip array needs at least one chip", nameof(members));
        }
        _members = [.. members];
        _retry = retry ?? new SensorRetryPolicy();
        if (_retry.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(retry), _retry.MaxAttempts, "MaxAttempts must be at least 1");
        }
        _sleep = sleep ?? Delay.Sleep;
        _channels = [.. _members.SelectMany(m => m.ChannelNames)];
        if (_channels.Distinct(StringComparer.Ordinal).Count() != _channels.Length)
        {
            throw new ArgumentException($"channel names repeat: {string.Join(", ", _channels)}", nameof(members));
        }
        _counts = new int[_members.Length];
    }

    /// <summary>
    /// Opens every configured chip through <paramref name="buses"/> (default: the real Linux buses), checks its
    /// identity and configures it. Bad options throw <see cref="ChipConfigurationException"/>; a bus that does
    /// not open or a chip that does not answer (after retries) or is the wrong chip throws
    /// <see cref="SensorFaultException"/> with <see cref="SensorFaultKind.NotFound"/>.
    /// </summary>
    public static ChipArray Open(IReadOnlyList<ChipOptions> chips, SensorBusFactory? buses = null, SensorRetryPolicy? retry = null, Action<TimeSpan>? sleep = null)
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
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or DllNotFoundException)
                {
                    string hint = plan.Options.Bus == SensorBus.I2c
                        ? "enable I2C (raspi-config, dtparam=i2c_arm=on) and add the user to group i2c"
                        : "enable SPI (raspi-config, dtparam=spi=on) and add the user to group spi";
                    throw new SensorFaultException(plan.Name, SensorFaultKind.NotFound, $"cannot open {plan.Location}: {e.Message}; {hint}", e);
                }
                members.Add(new ChipArrayMember(plan.Name, chip, plan.Select, plan.ChannelNames, plan.Options.StuckSamples));
            }
            var array = new ChipArray(members, retry, sleep);
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
    public IReadOnlyList<string> Channels => _channels;

    public IReadOnlyList<ChipArrayMember> Members => _members;

    /// <summary>Nominal frame rate: that of the fastest chip (see the alignment rule).</summary>
    public double RateHz => _members.Max(m => m.Chip.RateHz);

    /// <summary>Called on every transient error before its retry (sensor name, attempt from 1, the error). For logging.</summary>
    public Action<string, int, Exception>? TransientError { get; set; }

    /// <summary>
    /// Initialises every chip (identity check + configuration) with retries. A chip that does not answer or is
    /// the wrong chip throws <see cref="SensorFaultKind.NotFound"/>.
    /// </summary>
    public void Initialize()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (ChipArrayMember member in _members)
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        int width = _channels.Length;
        maxFrames = Math.Min(maxFrames, destination.Length / width);
        if (maxFrames <= 0)
        {
            return 0;
        }
        int frames = 0;
        bool allPrimed = true;
        for (int m = 0; m < _members.Length; m++)
        {
            ChipArrayMember member = _members[m];
            int need = maxFrames * member.Chip.Channels.Count;
            if (member.Scratch.Length < need)
            {
                member.Scratch = new float[need];
            }
            int count = Attempt(member, maxFrames, initializing: false);
            Inspect(member, count);
            _counts[m] = count;
            frames = Math.Max(frames, count);
            allPrimed &= member.HasLast || count > 0;
        }
        if (frames == 0 || !allPrimed)
        {
            for (int m = 0; m < _members.Length; m++)
            {
                Hold(_members[m], _counts[m]);
            }
            return 0;
        }
        int column = 0;
        for (int m = 0; m < _members.Length; m++)
        {
            ChipArrayMember member = _members[m];
            int count = _counts[m];
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
            Hold(member, count);
            column += select.Length;
        }
        return frames;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (ChipArrayMember member in _members)
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
                }
                return initializing ? 0 : member.Chip.Read(member.Scratch, maxFrames);
            }
            catch (Exception e) when (IsTransient(e))
            {
                member.TransientErrors++;
                TransientError?.Invoke(member.Name, attempt, e);
                if (attempt >= _retry.MaxAttempts)
                {
                    member.NeedsInitialize = true;
                    member.Faults++;
                    throw new SensorFaultException(member.Name, KindOf(e, initializing),
                        $"{e.Message} ({attempt} attempt{(attempt == 1 ? "" : "s")})", e);
                }
                _sleep(_retry.DelayAfter(attempt));
            }
        }
    }

    private static bool IsTransient(Exception e) =>
        e is IOException or TimeoutException or InvalidDataException or ChipIdentityException;

    private static SensorFaultKind KindOf(Exception e, bool initializing) => e switch
    {
        ChipIdentityException => SensorFaultKind.NotFound,
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
