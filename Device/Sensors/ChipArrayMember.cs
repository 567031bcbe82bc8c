namespace EdgeAE.Device.Sensors;

/// <summary>
/// One chip inside a <see cref="ChipArray"/>: the driver, which of its channels go into the frame and under
/// which names, plus the bookkeeping the array keeps per chip (held last sample, error counters).
/// </summary>
public sealed class ChipArrayMember
{
    private readonly int[] select;

    /// <param name="name">Sensor name reported in <see cref="SensorFaultException.Sensor"/>.</param>
    /// <param name="select">Indices into <see cref="ISensorChip.Channels"/>, in frame order; null = all.</param>
    /// <param name="channelNames">Frame channel names, one per selected channel; null = <c>{name}.{chip channel}</c>.</param>
    /// <param name="stuckSamples">Identical consecutive samples that make a Stuck fault; 0 = never.</param>
    public ChipArrayMember(string name, ISensorChip chip, IReadOnlyList<int>? select = null, IReadOnlyList<string>? channelNames = null, int stuckSamples = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Chip = chip ?? throw new ArgumentNullException(nameof(chip));
        this.select = select is null ? [.. Enumerable.Range(0, chip.Channels.Count)] : [.. select];
        if (this.select.Length == 0 || this.select.Any(s => s < 0 || s >= chip.Channels.Count))
        {
            throw new ArgumentException($"sensor '{name}': channel selection must pick 1..{chip.Channels.Count} of its channels", nameof(select));
        }
        ChannelNames = channelNames is null ? [.. this.select.Select(s => $"{name}.{chip.Channels[s]}")] : [.. channelNames];
        if (ChannelNames.Count != this.select.Length)
        {
            throw new ArgumentException($"sensor '{name}': {ChannelNames.Count} names for {this.select.Length} channels", nameof(channelNames));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(stuckSamples);
        StuckSamples = stuckSamples;
        Last = new float[chip.Channels.Count];
    }

    public string Name { get; }

    public ISensorChip Chip { get; }

    public IReadOnlyList<int> Select => this.select;

    public IReadOnlyList<string> ChannelNames { get; }

    public int StuckSamples { get; }

    /// <summary>I/O errors that a retry absorbed (or that ended in a fault), since the array was created.</summary>
    public long TransientErrors { get; internal set; }

    /// <summary><see cref="SensorFaultException"/>s raised for this chip.</summary>
    public long Faults { get; internal set; }

    /// <summary>Samples this chip delivered.</summary>
    public long Samples { get; internal set; }

    internal int[] SelectArray => this.select;

    /// <summary>The newest sample (all chip channels), held for frames in which the chip had nothing new.</summary>
    internal float[] Last { get; }

    internal bool HasLast { get; set; }

    /// <summary>Consecutive samples identical to <see cref="Last"/>.</summary>
    internal int Repeats { get; set; }

    /// <summary>Set after a fault: the chip may have reset (brown-out), so it is re-initialised before the next read.</summary>
    internal bool NeedsInitialize { get; set; } = true;

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last new sample or initialisation.</summary>
    internal long LastSampleAt { get; set; }

    /// <summary>Where the chip is and how to enable its bus, added to NotFound faults at initialisation.</summary>
    internal string? OpenHint { get; init; }

    internal float[] Scratch { get; set; } = [];
}
