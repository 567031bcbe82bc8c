namespace EdgeAE.Export.Evaluation;

/// <summary>
/// The evaluation's two event views, named so that one cannot be read as the other, and the labelled
/// events on which they disagree. The point rule flags a row when every window covering it is above the
/// alarm level and detects an event when one of its rows is flagged (<see cref="EventMetrics"/>); the
/// detector's episodes are what the device raises, with the bundle's hysteresis, and alarm an event when
/// an episode overlaps it in time (<see cref="DetectorEpisodes"/>). They differ for real reasons: one
/// window above the level alarms with raise-after 1 yet flags no row (its neighbours cover the rows too);
/// fewer consecutive windows than raise-after flag rows yet raise nothing; an episode reaches back to its
/// first window's first row; and `--threshold` moves only the point rule's level.
/// </summary>
public sealed class EventViews
{
    /// <summary>The name of the point-rule view, wherever it is shown.</summary>
    public const string PointRule = "events by the point rule (row flagged when all covering windows exceed the alarm level)";
    /// <summary>The name of the detector view, wherever it is shown.</summary>
    public const string Detector = "detector episodes (the device's alarms with raise/clear hysteresis)";

    private const int Listed = 5;

    public required int LabelledEvents { get; init; }
    /// <summary>Labelled events the point rule detects but no alarm episode overlaps.</summary>
    public required IReadOnlyList<RowSpan> PointRuleOnly { get; init; }
    /// <summary>Labelled events an alarm episode overlaps but the point rule does not detect.</summary>
    public required IReadOnlyList<RowSpan> DetectorOnly { get; init; }

    public bool Agree => PointRuleOnly.Count == 0 && DetectorOnly.Count == 0;

    /// <summary>Compares the views event by event; both must come from the same labels.</summary>
    public static EventViews Compare(EventMetrics pointRule, DetectorEpisodes detector)
    {
        if (!pointRule.Events.Select(e => e.Span).SequenceEqual(detector.Events))
            throw new ArgumentException("the point-rule events and the detector episodes were matched against different labels");
        var pointOnly = new List<RowSpan>();
        var detectorOnly = new List<RowSpan>();
        for (int i = 0; i < detector.Events.Count; i++)
        {
            bool byPoints = pointRule.Events[i].Detected, byDetector = detector.EventAlarmed[i];
            if (byPoints && !byDetector) pointOnly.Add(detector.Events[i]);
            else if (byDetector && !byPoints) detectorOnly.Add(detector.Events[i]);
        }
        return new EventViews { LabelledEvents = detector.Events.Count, PointRuleOnly = pointOnly, DetectorOnly = detectorOnly };
    }

    /// <summary>One line saying where the views disagree (the first few events by row); null when they agree.</summary>
    public string? Disagreement()
    {
        if (Agree) return null;
        var parts = PointRuleOnly.Select(s => (s, "detected by the point rule, no detector alarm"))
            .Concat(DetectorOnly.Select(s => (s, "detector alarm, not detected by the point rule")))
            .OrderBy(p => p.s.Start)
            .Select(p => $"rows {p.s.Start}–{p.s.End} {p.Item2}")
            .ToList();
        int n = parts.Count;
        string list = string.Join("; ", parts.Take(Listed)) + (n > Listed ? $"; and {n - Listed} more" : "");
        return $"the two event views disagree on {n} of {LabelledEvents} labelled event(s): {list}";
    }
}
