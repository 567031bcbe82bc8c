using System.Globalization;
using System.Net;
using System.Text;
using EdgeAE.Export.Evaluation;

namespace EdgeAE.Export.Reports;

/// <summary>index.html: the numbers as tables and the three pictures, self-contained apart from the PNGs beside it.</summary>
public static class HtmlReport
{
    public static string Render(ReportData d, IReadOnlyList<(string File, string Caption)> images)
    {
        var c = d.Evaluation.Confusion;
        var e = d.Evaluation.Events;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>EdgeAE evaluation — ")
          .Append(H(d.Title)).Append("</title>\n<style>body{font-family:sans-serif;max-width:1240px;margin:2em auto;color:#222}")
          .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}")
          .Append("th{background:#f3f3f3;text-align:left}.disagree{color:#a40000}img{max-width:100%;border:1px solid #ddd;margin:.5em 0}</style></head><body>\n");
        sb.Append("<h1>EdgeAE evaluation</h1>\n<p>Bundle <code>").Append(H(d.Bundle)).Append("</code> on <code>").Append(H(d.Data))
          .Append("</code>: ").Append(d.WindowScores.Length.ToString("N0", CultureInfo.InvariantCulture)).Append(" windows, ")
          .Append(d.Labels.Length.ToString("N0", CultureInfo.InvariantCulture)).Append(" rows.</p>\n");
        sb.Append("<h2>Thresholds</h2>\n<table><tr><th>warning</th><td>").Append(N(d.Warning)).Append("</td></tr><tr><th>alarm</th><td>")
          .Append(N(d.Alarm)).Append("</td></tr>");
        if (d.CalibrationReason is { Length: > 0 } reason)
            sb.Append("<tr><th>calibration</th><td style=\"text-align:left\">").Append(H(reason)).Append("</td></tr>");
        sb.Append("</table>\n");
        sb.Append("<h2>Point-wise (SKAB protocol: a row is flagged when every window covering it is above the alarm level)</h2>\n<table>");
        Row(sb, "precision", N(c.Precision)); Row(sb, "recall", N(c.Recall)); Row(sb, "F1", N(c.F1));
        Row(sb, "FAR %", N(c.FarPercent)); Row(sb, "MAR %", N(c.MarPercent));
        Row(sb, "AUROC", N(d.Evaluation.Auroc)); Row(sb, "AUPRC", N(d.Evaluation.Auprc));
        Row(sb, "TP / FP / TN / FN", $"{c.TruePositives} / {c.FalsePositives} / {c.TrueNegatives} / {c.FalseNegatives}");
        Row(sb, "rows without a covering window (excluded)", d.Evaluation.ExcludedRows.ToString(CultureInfo.InvariantCulture));
        sb.Append("</table>\n<h2>Range-based, affiliation and point-adjusted</h2>\n<table>");
        var ev = d.Evaluation;
        Row(sb, "VUS-ROC", N(ev.Vus.Roc)); Row(sb, "VUS-PR", N(ev.Vus.Pr));
        Row(sb, "VUS maximum buffer (rows)", $"{ev.Vus.MaxBuffer} ({ev.VusBufferSource})");
        Row(sb, "affiliation precision (Huet et al. 2022)", N(ev.Affiliation.Precision));
        Row(sb, "affiliation recall (Huet et al. 2022)", N(ev.Affiliation.Recall));
        Row(sb, $"point-adjusted F1 ({PointAdjusted.Caveat})", N(ev.PointAdjusted.F1));
        sb.Append("</table>\n<h2>").Append(H(Capitalised(EventViews.PointRule))).Append("</h2>\n<table>");
        Row(sb, "labelled events", e.Events.Count.ToString(CultureInfo.InvariantCulture));
        Row(sb, "detected", e.Detected.ToString(CultureInfo.InvariantCulture));
        Row(sb, "missed", e.Missed.ToString(CultureInfo.InvariantCulture));
        Row(sb, "false-alarm events (flagged runs outside labelled events)", e.FalseAlarmEvents.ToString(CultureInfo.InvariantCulture));
        Row(sb, "mean detection delay (rows)", N(e.MeanDelayRows));
        Row(sb, "mean detection delay (s)", N(e.MeanDelaySeconds));
        sb.Append("</table>\n");
        if (d.Detector is { } det)
        {
            sb.Append("<h2>").Append(H(Capitalised(EventViews.Detector))).Append("</h2>\n<table>");
            Row(sb, "alarm episodes", det.AlarmEpisodes.Count.ToString(CultureInfo.InvariantCulture));
            Row(sb, "false alarm episodes (overlapping no labelled event)", det.FalseAlarmEpisodes.ToString(CultureInfo.InvariantCulture));
            Row(sb, "false alarms per day", N(det.FalseAlarmsPerDay));
            Row(sb, "labelled events with an alarm", $"{det.DetectedEvents} / {det.LabelledEvents}");
            sb.Append("</table>\n");
            string? disagreement = EventViews.Compare(e, det).Disagreement();
            sb.Append(disagreement is null
                ? "<p>The two event views agree on every labelled event.</p>\n"
                : $"<p class=\"disagree\"><strong>{H(Capitalised(disagreement))}.</strong></p>\n");
        }
        foreach (var (file, caption) in images)
            sb.Append("<h2>").Append(H(caption)).Append("</h2>\n<img src=\"").Append(H(file)).Append("\" alt=\"").Append(H(caption)).Append("\">\n");
        sb.Append("<p>Numbers: <a href=\"report.json\">report.json</a></p>\n</body></html>\n");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string name, string value) =>
        sb.Append("<tr><th>").Append(H(name)).Append("</th><td>").Append(H(value)).Append("</td></tr>");

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string N(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";

    private static string H(string s) => WebUtility.HtmlEncode(s);
}
