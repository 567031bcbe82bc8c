using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAE.Export.Evaluation;

namespace EdgeAE.Export.Reports;

/// <summary>Writes an evaluation report directory: report.json, three PNGs and index.html.</summary>
public static class ReportWriter
{
    public const string TimelineFile = "scores.png";
    public const string HistogramFile = "histogram.png";
    public const string RocFile = "roc.png";

    /// <summary>Creates <paramref name="directory"/> if needed and returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string directory, ReportData data, JsonObject? extra = null)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create report directory '{directory}': {e.Message}", e);
        }
        var images = new List<(string File, string Caption)>
        {
            (TimelineFile, "Window score over time (labelled anomalies shaded)"),
            (HistogramFile, "Score distribution of normal and anomalous rows"),
            (RocFile, "ROC curve"),
        };
        ScorePlots.Timeline(data, Path.Combine(directory, TimelineFile));
        ScorePlots.Histograms(data, Path.Combine(directory, HistogramFile));
        ScorePlots.Roc(data, Path.Combine(directory, RocFile));

        var json = EvaluationJson.Of(data.Evaluation, data.Detector);
        json["bundle"] = data.Bundle;
        json["data"] = data.Data;
        json["warning"] = EvaluationJson.Number(data.Warning);
        json["alarm"] = EvaluationJson.Number(data.Alarm);
        json["windows"] = data.WindowScores.Length;
        json["rows"] = data.Labels.Length;
        if (data.CalibrationReason is not null) json["calibration_reason"] = data.CalibrationReason;
        var files = new JsonArray();
        foreach (var (file, _) in images) files.Add(file);
        json["images"] = files;
        if (extra is not null)
            foreach (var (key, value) in extra) json[key] = value?.DeepClone();
        string jsonPath = Path.Combine(directory, "report.json");
        File.WriteAllText(jsonPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        string htmlPath = Path.Combine(directory, "index.html");
        File.WriteAllText(htmlPath, HtmlReport.Render(data, images));
        return [.. images.Select(i => Path.Combine(directory, i.File)), jsonPath, htmlPath];
    }
}
