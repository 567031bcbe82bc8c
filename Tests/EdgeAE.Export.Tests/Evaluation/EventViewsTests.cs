using System.Text.Json.Nodes;
using EdgeAE.Export.Evaluation;
using EdgeAE.Export.Reports;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Export.Tests.Evaluation;

public class EventViewsTests
{
    private const int Rows = 100, Window = 3;
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// 100 rows at 1 s, windows of 3 rows at hop 1 (window k ends at row k + 2), labelled events at rows
    /// 20–29 and 60–69, alarm 1, warning 0.8, raise after 4 windows, clear after 2.
    /// Event A: the windows ending at rows 24–26 are high: row 24 is covered only by them, so the point rule
    /// detects A, but 3 windows never reach raise-after 4. Event B: the windows ending at rows 56–59 are
    /// high, so the detector raises at row 59 and clears at row 61 — an episode from row 54 (its first
    /// window's first row) to 61 that overlaps B — while the rows they flag (56, 57) lie before B.
    /// </summary>
    private static (EvaluationResult Evaluation, DetectorEpisodes Episodes, float[] WindowScores, int[] EndRows, bool[] Labels, DateTime[] Times) Disagreeing()
    {
        var times = Enumerable.Range(0, Rows).Select(r => T0.AddSeconds(r)).ToArray();
        var labels = Enumerable.Range(0, Rows).Select(r => r is (>= 20 and < 30) or (>= 60 and < 70)).ToArray();
        var ends = Enumerable.Range(Window - 1, Rows - Window + 1).ToArray();
        var scores = ends.Select(e => e is (>= 24 and <= 26) or (>= 56 and <= 59) ? 2f : 0.1f).ToArray();
        var detector = new Detector(new ThresholdSpec { Warning = 0.8, Alarm = 1, RaiseAfter = 4, ClearAfter = 2 }, channels: 1);
        var events = new List<DetectorEvent>();
        for (int k = 0; k < scores.Length; k++)
            if (detector.Update(scores[k], times[ends[k] - Window + 1], times[ends[k]], [1f], out var e)) events.Add(e);
        var points = PointScores.FromWindows(scores, ends, Window, Rows);
        return (EvaluationResult.Evaluate(points, labels, 1.0, times), DetectorEpisodes.Match(events, labels, times), scores, ends, labels, times);
    }

    [Test]
    public void ADetectorAlarmWithoutFlaggedRowsAndFlaggedRowsWithoutAnAlarmAreNamed()
    {
        var (evaluation, episodes, _, _, _, _) = Disagreeing();
        Assert.That(evaluation.Events.Events.Select(e => e.Detected), Is.EqualTo(new[] { true, false }), "point rule");
        Assert.That(episodes.EventAlarmed, Is.EqualTo(new[] { false, true }), "detector");
        Assert.That(episodes.AlarmEpisodes.Single().Start, Is.EqualTo(T0.AddSeconds(54)));
        var views = EventViews.Compare(evaluation.Events, episodes);
        Assert.That(views.Agree, Is.False);
        Assert.That(views.PointRuleOnly, Is.EqualTo(new[] { new RowSpan(20, 29) }));
        Assert.That(views.DetectorOnly, Is.EqualTo(new[] { new RowSpan(60, 69) }));
        Assert.That(views.Disagreement(), Is.EqualTo("the two event views disagree on 2 of 2 labelled event(s): "
            + "rows 20–29 detected by the point rule, no detector alarm; rows 60–69 detector alarm, not detected by the point rule"));

        var json = EvaluationJson.Of(evaluation, episodes);
        Assert.That((string)json["point_rule_events"]!["rule"]!, Is.EqualTo(EventViews.PointRule));
        Assert.That((string)json["detector_episodes"]!["rule"]!, Is.EqualTo(EventViews.Detector));
        Assert.That((bool)json["event_views"]!["agree"]!, Is.False);
        Assert.That((int)json["event_views"]!["point_rule_only"]![0]!["start_row"]!, Is.EqualTo(20));
        Assert.That((int)json["event_views"]!["detector_only"]![0]!["end_row"]!, Is.EqualTo(69));
        Assert.That((bool)json["detector_episodes"]!["events"]![1]!["alarmed"]!, Is.True);
    }

    [Test]
    public void TheReportNamesBothViewsAndTheDisagreement()
    {
        var (evaluation, episodes, scores, ends, labels, times) = Disagreeing();
        var data = new ReportData
        {
            Title = "disagreeing",
            Bundle = "model.onnx",
            Data = "data.csv",
            Warning = 0.8,
            Alarm = 1,
            WindowScores = scores,
            WindowEndRows = ends,
            PointScores = PointScores.FromWindows(scores, ends, Window, Rows),
            Labels = labels,
            RowTimes = times,
            Evaluation = evaluation,
            Detector = episodes,
        };
        string html = HtmlReport.Render(data, []);
        Assert.That(html, Does.Contain("<h2>Events by the point rule (row flagged when all covering windows exceed the alarm level)</h2>"));
        Assert.That(html, Does.Contain("<h2>Detector episodes (the device&#39;s alarms with raise/clear hysteresis)</h2>"));
        Assert.That(html, Does.Contain("The two event views disagree on 2 of 2 labelled event(s): rows 20–29 detected by the point rule"));
        Assert.That(html, Does.Contain("point-adjusted F1 (inflated: one flagged row marks its whole event; Kim et al. 2022)"));
        Assert.That(html, Does.Contain("VUS-PR").And.Contain("affiliation precision"));
    }

    [Test]
    public void AgreeingViewsSayNothingInTheTextLine()
    {
        var (evaluation, _, _, _, labels, times) = Disagreeing();
        // The same labels, an alarm episode over each event: both views detect both.
        var events = new List<DetectorEvent>
        {
            new(DetectorEventKind.Raised, AlertLevel.Alarm, AlertLevel.Normal, T0.AddSeconds(22), T0.AddSeconds(24), 2, 2, 3, -1, -1, -1),
            new(DetectorEventKind.Cleared, AlertLevel.Normal, AlertLevel.Alarm, T0.AddSeconds(22), T0.AddSeconds(28), 2, 0.1f, 7, -1, -1, -1),
        };
        var oneEpisode = DetectorEpisodes.Match(events, labels, times);
        var views = EventViews.Compare(evaluation.Events, oneEpisode);
        Assert.That((views.Agree, views.Disagreement()), Is.EqualTo((true, (string?)null)), "A: both; B: neither");
        var otherLabels = labels.Select((v, r) => v && r < 50).ToArray();
        Assert.Throws<ArgumentException>(() => EventViews.Compare(evaluation.Events, DetectorEpisodes.Match(events, otherLabels, times)));
    }
}
