using EdgeAE.Runtime.Detection;

namespace EdgeAE.Export.Evaluation;

/// <summary>
/// Event-level view of what the device would actually report: the detector's alarm episodes (with
/// the bundle's hysteresis) matched in time against the labelled events. An alarm episode runs from
/// its episode start to its Cleared event (or the end of the data); it is a true alarm when it
/// overlaps a labelled event, otherwise a false alarm.
/// </summary>
public sealed class DetectorEpisodes
{
    /// <summary>One episode that reached the alarm level.</summary>
    public readonly record struct Episode(DateTime Start, DateTime End, bool Cleared, bool OverlapsLabel);

    public required IReadOnlyList<Episode> AlarmEpisodes { get; init; }
    /// <summary>The labelled events (maximal runs of anomalous labels, as in <see cref="EventMetrics"/>), in order.</summary>
    public required IReadOnlyList<RowSpan> Events { get; init; }
    /// <summary>Per labelled event: whether at least one alarm episode overlaps it in time.</summary>
    public required IReadOnlyList<bool> EventAlarmed { get; init; }
    /// <summary>Labelled events overlapped by at least one alarm episode.</summary>
    public int DetectedEvents => EventAlarmed.Count(a => a);
    public int LabelledEvents => Events.Count;
    /// <summary>Length of the data (first to last row time), days.</summary>
    public required double Days { get; init; }

    public int FalseAlarmEpisodes => AlarmEpisodes.Count(e => !e.OverlapsLabel);
    /// <summary>False alarm episodes per day of data; NaN for data without duration.</summary>
    public double FalseAlarmsPerDay => Days > 0 ? FalseAlarmEpisodes / Days : double.NaN;

    public static DetectorEpisodes Match(IReadOnlyList<DetectorEvent> events, ReadOnlySpan<bool> labels, DateTime[] rowTimes)
    {
        if (labels.Length != rowTimes.Length) throw new ArgumentException($"{labels.Length} labels but {rowTimes.Length} row times");
        var runs = EventMetrics.Runs(labels);
        var spans = runs.Select(s => (Start: rowTimes[s.Start], End: rowTimes[s.End])).ToList();
        DateTime dataEnd = rowTimes.Length > 0 ? rowTimes[^1] : default;

        var episodes = new List<(DateTime Start, DateTime End, bool Cleared)>();
        DateTime? start = null;
        bool alarmed = false;
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case DetectorEventKind.Raised:
                    start = e.EpisodeStart;
                    alarmed = e.Level == AlertLevel.Alarm;
                    break;
                case DetectorEventKind.Escalated:
                    start ??= e.EpisodeStart;
                    alarmed = true;
                    break;
                case DetectorEventKind.Cleared:
                    if (alarmed && start is { } s) episodes.Add((s, e.At, true));
                    start = null;
                    alarmed = false;
                    break;
            }
        }
        if (alarmed && start is { } open) episodes.Add((open, dataEnd, false));

        bool Overlap(DateTime a0, DateTime a1, DateTime b0, DateTime b1) => a0 <= b1 && b0 <= a1;
        return new DetectorEpisodes
        {
            AlarmEpisodes = episodes.Select(p => new Episode(p.Start, p.End, p.Cleared, spans.Any(l => Overlap(p.Start, p.End, l.Start, l.End)))).ToList(),
            Events = runs,
            EventAlarmed = spans.Select(l => episodes.Any(p => Overlap(p.Start, p.End, l.Start, l.End))).ToList(),
            Days = rowTimes.Length > 1 ? (rowTimes[^1] - rowTimes[0]).TotalDays : 0,
        };
    }
}
