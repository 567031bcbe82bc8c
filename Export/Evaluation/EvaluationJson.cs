using System.Text.Json.Nodes;

namespace EdgeAE.Export.Evaluation;

/// <summary>The metrics as a JSON object (no reflection: built node by node). NaN becomes null.</summary>
public static class EvaluationJson
{
    public static JsonObject Point(ConfusionMatrix c) => new()
    {
        ["tp"] = c.TruePositives,
        ["fp"] = c.FalsePositives,
        ["tn"] = c.TrueNegatives,
        ["fn"] = c.FalseNegatives,
        ["precision"] = Number(c.Precision),
        ["recall"] = Number(c.Recall),
        ["f1"] = Number(c.F1),
        ["far"] = Number(c.FarPercent),
        ["mar"] = Number(c.MarPercent),
    };

    /// <summary>
    /// The evaluation and, when the bundle has thresholds, the detector's episodes beside it under names
    /// that say which event view is which, and where the two disagree.
    /// </summary>
    public static JsonObject Of(EvaluationResult r, DetectorEpisodes? detector)
    {
        var o = Of(r);
        o["detector_episodes"] = detector is null ? null : Of(detector);
        o["event_views"] = detector is null ? null : Of(EventViews.Compare(r.Events, detector));
        return o;
    }

    public static JsonObject Of(EvaluationResult r)
    {
        var point = Point(r.Confusion);
        point["auroc"] = Number(r.Auroc);
        point["auprc"] = Number(r.Auprc);
        point["excluded_rows"] = r.ExcludedRows;
        var adjusted = Point(r.PointAdjusted);
        adjusted["note"] = PointAdjusted.Caveat;
        var list = new JsonArray();
        foreach (var e in r.Events.Events)
            list.Add(new JsonObject
            {
                ["start_row"] = e.Span.Start,
                ["end_row"] = e.Span.End,
                ["detected"] = e.Detected,
                ["delay_rows"] = e.Detected ? e.DelayRows : null,
                ["delay_seconds"] = e.Detected ? Number(e.DelaySeconds) : null,
            });
        var falseAlarms = new JsonArray();
        foreach (var f in r.Events.FalseAlarms) falseAlarms.Add(new JsonObject { ["start_row"] = f.Start, ["end_row"] = f.End });
        return new JsonObject
        {
            ["threshold"] = Number(r.Threshold),
            ["point"] = point,
            ["vus"] = new JsonObject
            {
                ["roc"] = Number(r.Vus.Roc),
                ["pr"] = Number(r.Vus.Pr),
                ["max_buffer_rows"] = r.Vus.MaxBuffer,
                ["max_buffer_source"] = r.VusBufferSource,
            },
            ["affiliation"] = new JsonObject
            {
                ["precision"] = Number(r.Affiliation.Precision),
                ["recall"] = Number(r.Affiliation.Recall),
                ["f1"] = Number(r.Affiliation.F1),
            },
            ["point_adjusted"] = adjusted,
            ["point_rule_events"] = new JsonObject
            {
                ["rule"] = EventViews.PointRule,
                ["labelled"] = r.Events.Events.Count,
                ["detected"] = r.Events.Detected,
                ["missed"] = r.Events.Missed,
                ["false_alarm_events"] = r.Events.FalseAlarmEvents,
                ["mean_delay_rows"] = Number(r.Events.MeanDelayRows),
                ["mean_delay_seconds"] = Number(r.Events.MeanDelaySeconds),
                ["list"] = list,
                ["false_alarms"] = falseAlarms,
            },
        };
    }

    public static JsonObject Of(DetectorEpisodes d)
    {
        var list = new JsonArray();
        foreach (var e in d.AlarmEpisodes)
            list.Add(new JsonObject
            {
                ["start"] = e.Start.ToString("O"),
                ["end"] = e.End.ToString("O"),
                ["cleared"] = e.Cleared,
                ["false_alarm"] = !e.OverlapsLabel,
            });
        var alarmed = new JsonArray();
        for (int i = 0; i < d.Events.Count; i++)
            alarmed.Add(new JsonObject { ["start_row"] = d.Events[i].Start, ["end_row"] = d.Events[i].End, ["alarmed"] = d.EventAlarmed[i] });
        return new JsonObject
        {
            ["rule"] = EventViews.Detector,
            ["alarm_episodes"] = d.AlarmEpisodes.Count,
            ["false_alarm_episodes"] = d.FalseAlarmEpisodes,
            ["detected_events"] = d.DetectedEvents,
            ["labelled_events"] = d.LabelledEvents,
            ["days"] = d.Days,
            ["false_alarms_per_day"] = Number(d.FalseAlarmsPerDay),
            ["episodes"] = list,
            ["events"] = alarmed,
        };
    }

    public static JsonObject Of(EventViews v)
    {
        static JsonArray Spans(IEnumerable<RowSpan> spans)
        {
            var a = new JsonArray();
            foreach (var s in spans) a.Add(new JsonObject { ["start_row"] = s.Start, ["end_row"] = s.End });
            return a;
        }
        return new JsonObject
        {
            ["agree"] = v.Agree,
            ["point_rule_only"] = Spans(v.PointRuleOnly),
            ["detector_only"] = Spans(v.DetectorOnly),
            ["disagreement"] = v.Disagreement(),
        };
    }

    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
