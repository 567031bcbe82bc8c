namespace EdgeAE.Runtime.Data;

/// <summary>
/// Recorded sensor data in memory: rows × channels of float32, row-major, with optional
/// timestamps and labels. What `edgeae` streams through the scorer and what Replay plays back.
/// </summary>
public sealed class SensorTable
{
    public SensorTable(string[] channels, float[] values, DateTime[]? timestamps = null, float[]? labels = null, string? source = null)
    {
        if (channels.Length == 0) throw new ArgumentException("a table needs at least one channel");
        if (values.Length % channels.Length != 0)
            throw new ArgumentException($"{values.Length} values do not divide into {channels.Length} channels");
        Channels = channels;
        Values = values;
        Rows = values.Length / channels.Length;
        if (timestamps is not null && timestamps.Length != Rows) throw new ArgumentException("timestamps must have one entry per row");
        if (labels is not null && labels.Length != Rows) throw new ArgumentException("labels must have one entry per row");
        Timestamps = timestamps;
        Labels = labels;
        Source = source ?? "data";
    }

    public string[] Channels { get; }
    public int ChannelCount => Channels.Length;
    public int Rows { get; }
    /// <summary>Row-major values, Rows × ChannelCount.</summary>
    public float[] Values { get; }
    public DateTime[]? Timestamps { get; }
    public float[]? Labels { get; }
    public string Source { get; }
    /// <summary>Samples per second when the file states it (a WAV header); null otherwise.</summary>
    public double? SampleRate { get; init; }

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * ChannelCount, ChannelCount);

    /// <summary>A row's timestamp; tables without a time column count seconds from the epoch at <paramref name="period"/>.</summary>
    public DateTime TimeOf(int row, TimeSpan? period = null) =>
        Timestamps?[row] ?? (SampleRate is double rate && period is null
            ? DateTime.UnixEpoch.AddTicks((long)Math.Round(row * (TimeSpan.TicksPerSecond / rate)))
            : DateTime.UnixEpoch + (period ?? TimeSpan.FromSeconds(1)) * row);

    /// <summary>Median spacing of the timestamps (the data's sample period), or null without a time column.</summary>
    public TimeSpan? SamplePeriod()
    {
        if (Timestamps is null && SampleRate is double rate) return TimeSpan.FromTicks((long)Math.Round(TimeSpan.TicksPerSecond / rate));
        if (Timestamps is null || Rows < 2) return null;
        var gaps = new long[Rows - 1];
        for (int i = 1; i < Rows; i++) gaps[i - 1] = (Timestamps[i] - Timestamps[i - 1]).Ticks;
        Array.Sort(gaps);
        long median = gaps[gaps.Length / 2];
        return median > 0 ? TimeSpan.FromTicks(median) : null;
    }

    /// <summary>The named channels, in the given order, as a new table (timestamps and labels kept).</summary>
    public SensorTable SelectChannels(IReadOnlyList<string> names)
    {
        int[] idx = names.Select(c => Array.IndexOf(Channels, c) is int i && i >= 0
            ? i
            : throw new InputException(Source, $"no column '{c}' (have {string.Join(", ", Channels)})")).ToArray();
        var values = new float[Rows * idx.Length];
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < idx.Length; j++)
                values[r * idx.Length + j] = Values[r * ChannelCount + idx[j]];
        return new SensorTable(names.ToArray(), values, Timestamps, Labels, Source) { SampleRate = SampleRate };
    }

    /// <summary>Rows [start, end) as a new table.</summary>
    public SensorTable Slice(int start, int end)
    {
        if (start < 0 || end > Rows || start > end)
            throw new ArgumentOutOfRangeException(nameof(start), $"rows {start}:{end} outside 0:{Rows}");
        int c = ChannelCount;
        return new SensorTable(
            Channels,
            Values.AsSpan(start * c, (end - start) * c).ToArray(),
            Timestamps?.AsSpan(start, end - start).ToArray(),
            Labels?.AsSpan(start, end - start).ToArray(),
            $"{Source}[{start}:{end}]")
        { SampleRate = SampleRate };
    }
}
