using EdgeAE.Export.Evaluation;
using ScottPlot;

namespace EdgeAE.Export.Reports;

/// <summary>The report's pictures, drawn with ScottPlot 5 and saved as PNG.</summary>
public static class ScorePlots
{
    public const int Width = 1200;
    public const int Height = 500;

    private static readonly Color WarningColor = Colors.Orange;
    private static readonly Color AlarmColor = Colors.Red;
    private static readonly Color ScoreColor = Colors.SteelBlue;
    private static readonly Color AnomalyColor = Colors.Crimson;

    /// <summary>Window score against the window's end time, thresholds as lines, labelled anomalies shaded.</summary>
    public static void Timeline(ReportData d, string path)
    {
        var plot = new Plot();
        foreach (var span in EventMetrics.Runs(d.Labels))
        {
            var shade = plot.Add.HorizontalSpan(d.RowTimes[span.Start].ToOADate(), d.RowTimes[span.End].ToOADate(), AnomalyColor.WithAlpha(0.18));
            shade.LineWidth = 0;
            shade.LegendText = "labelled anomaly";
        }
        var x = d.WindowEndRows.Select(r => d.RowTimes[r].ToOADate()).ToArray();
        var y = d.WindowScores.Select(s => float.IsFinite(s) ? (double)s : double.NaN).ToArray();
        var line = plot.Add.ScatterLine(x, y, ScoreColor);
        line.LineWidth = 1.5f;
        line.LegendText = "window score";
        AddThresholds(plot, d, horizontal: true);
        var timeAxis = plot.Axes.DateTimeTicksBottom();
        if (timeAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
            ticks.LabelFormatter = t => t.ToString("yyyy-MM-dd\nHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture); // unambiguous, unlike 03/09
        plot.Title($"Window score over time — {d.Title}");
        plot.XLabel("window end time");
        plot.YLabel("reconstruction error");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Densities of the point scores of normal and anomalous rows, with the threshold lines.</summary>
    public static void Histograms(ReportData d, string path)
    {
        var normal = new List<double>();
        var anomalous = new List<double>();
        for (int i = 0; i < d.PointScores.Length; i++)
        {
            if (float.IsNaN(d.PointScores[i])) continue;
            (d.Labels[i] ? anomalous : normal).Add(d.PointScores[i]);
        }
        var plot = new Plot();
        var all = normal.Concat(anomalous).ToList();
        if (all.Count > 0)
        {
            double hi = Math.Max(all.Max(), d.Alarm) * 1.02, lo = Math.Min(all.Min(), 0);
            if (hi <= lo) hi = lo + 1;
            AddHistogram(plot, normal, lo, hi, ScoreColor, $"normal rows ({normal.Count})");
            AddHistogram(plot, anomalous, lo, hi, AnomalyColor, $"anomalous rows ({anomalous.Count})");
        }
        AddThresholds(plot, d, horizontal: false);
        plot.Title($"Point score distribution — {d.Title}");
        plot.XLabel("point score (min over covering windows)");
        plot.YLabel("fraction of rows per bin");
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>ROC curve of the point scores with the chance diagonal and the alarm threshold's operating point.</summary>
    public static void Roc(ReportData d, string path)
    {
        var curve = RankingMetrics.Curve(d.PointScores, d.Labels);
        var plot = new Plot();
        var chance = plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1 }, Colors.Gray);
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "chance";
        if (curve.Count > 1 && !double.IsNaN(curve[^1].FalsePositiveRate) && !double.IsNaN(curve[^1].TruePositiveRate))
        {
            var roc = plot.Add.ScatterLine(curve.Select(p => p.FalsePositiveRate).ToArray(), curve.Select(p => p.TruePositiveRate).ToArray(), ScoreColor);
            roc.LineWidth = 2;
            roc.LegendText = $"ROC (AUROC {d.Evaluation.Auroc:F3})";
            var c = d.Evaluation.Confusion;
            var op = plot.Add.Scatter(c.FarPercent / 100, 1 - c.MarPercent / 100, AlarmColor);
            op.MarkerSize = 12;
            op.LegendText = $"alarm threshold (FAR {c.FarPercent:F1} %, recall {c.Recall:F3})";
        }
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.Title($"ROC — {d.Title}");
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Height + 100, Height + 100);
    }

    private static void AddHistogram(Plot plot, List<double> values, double lo, double hi, Color color, string legend)
    {
        if (values.Count == 0) return;
        const int bins = 60;
        double width = (hi - lo) / bins;
        var counts = new double[bins];
        foreach (double v in values) counts[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++;
        // Fractions, so a short anomaly is as visible as hours of normal data.
        var bars = Enumerable.Range(0, bins).Select(b => new Bar
        {
            Position = lo + (b + 0.5) * width,
            Value = counts[b] / values.Count,
            Size = width,
            FillColor = color.WithAlpha(0.55),
            LineWidth = 0,
        }).ToArray();
        var plottable = plot.Add.Bars(bars);
        plottable.LegendText = legend;
    }

    private static void AddThresholds(Plot plot, ReportData d, bool horizontal)
    {
        foreach (var (value, color, name) in new[] { (d.Warning, WarningColor, "warning"), (d.Alarm, AlarmColor, "alarm") })
        {
            if (!(value > 0) || !double.IsFinite(value)) continue;
            if (horizontal)
            {
                var l = plot.Add.HorizontalLine(value, 1.5f, color, LinePattern.Dashed);
                l.LegendText = $"{name} {value:G4}";
            }
            else
            {
                var l = plot.Add.VerticalLine(value, 1.5f, color, LinePattern.Dashed);
                l.LegendText = $"{name} {value:G4}";
            }
        }
    }
}
