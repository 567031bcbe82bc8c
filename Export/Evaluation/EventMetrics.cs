namespace EdgeAE.Export.Evaluation;

/// <summary>A run of rows [Start, End] (inclusive).</summary>
public readonly record struct RowSpan(int Start, int End)
{
    public int Length => End - Start + 1;
    public bool Overlaps(RowSpan other) => Start <= other.End && other.Start <= End;
}

/// <summary>What happened to one labelled anomaly (a contiguous run of anomalous labels).</summary>
public readonly record struct EventOutcome(RowSpan Span, bool Detected, int DelayRows, double DelaySeconds);

/// <summary>
/// Event-level view: labelled events are maximal runs of anomalous labels; an event is detected when
/// at least one of its rows is flagged, with delay = first flagged row − first labelled row (rows,
/// and seconds when the data has timestamps). A false-alarm event is a maximal run of flagged rows
/// that overlaps no labelled event.
/// </summary>
public sealed class EventMetrics
{
    public required IReadOnlyList<EventOutcome> Events { get; init; }
    public required IReadOnlyList<RowSpan> FalseAlarms { get; init; }

    public int Detected => Events.Count(e => e.Detected);
    public int Missed => Events.Count - Detected;
    public int FalseAlarmEvents => FalseAlarms.Count;
    /// <summary>Mean detection delay over detected events in rows; NaN when none was detected.</summary>
    public double MeanDelayRows => Detected == 0 ? double.NaN : Events.Where(e => e.Detected).Average(e => (double)e.DelayRows);
    /// <summary>Mean detection delay in seconds; NaN when none was detected or the data has no timestamps.</summary>
    public double MeanDelaySeconds => Detected == 0 ? double.NaN : Events.Where(e => e.Detected).Average(e => e.DelaySeconds);

    /// <summary>Rows are flagged when their point score is above <paramref name="threshold"/> (NaN scores are never flagged).</summary>
    public static EventMetrics Evaluate(ReadOnlySpan<float> pointScores, ReadOnlySpan<bool> labels, double threshold, DateTime[]? timestamps = null)
    {
        if (pointScores.Length != labels.Length) throw new ArgumentException($"{pointScores.Length} scores but {labels.Length} labels");
        var flags = new bool[pointScores.Length];
        for (int i = 0; i < flags.Length; i++) flags[i] = pointScores[i] > threshold;
        var labelled = Runs(labels);
        var events = new List<EventOutcome>(labelled.Count);
        foreach (var span in labelled)
        {
            int first = -1;
            for (int r = span.Start; r <= span.End && first < 0; r++) if (flags[r]) first = r;
            events.Add(first < 0
                ? new EventOutcome(span, false, -1, double.NaN)
                : new EventOutcome(span, true, first - span.Start,
                    timestamps is null ? double.NaN : (timestamps[first] - timestamps[span.Start]).TotalSeconds));
        }
        var falseAlarms = Runs(flags).Where(f => !labelled.Any(l => l.Overlaps(f))).ToList();
        return new EventMetrics { Events = events, FalseAlarms = falseAlarms };
    }

    /// <summary>Maximal runs of true values.</summary>
    public static List<RowSpan> Runs(ReadOnlySpan<bool> values)
    {
        var runs = new List<RowSpan>();
        for (int i = 0; i < values.Length; i++)
        {
            if (!values[i]) continue;
            int start = i;
            while (i + 1 < values.Length && values[i + 1]) i++;
            runs.Add(new RowSpan(start, i));
        }
        return runs;
    }
}
