using System.Text.Json.Nodes;
using EdgeAE.Export.Evaluation;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Pipeline;

/// <summary>The `edgeae export --json` object (also the report's export.json).</summary>
public static class ExportJson
{
    public static JsonObject Of(ExportResult r)
    {
        var m = r.Manifest;
        var t = r.Thresholds;
        var parameters = new JsonObject();
        foreach (var (key, value) in t.Parameters) parameters[key] = EvaluationJson.Number(value);
        var o = new JsonObject
        {
            ["output"] = r.OutputPath,
            ["bytes"] = r.Bytes,
            ["converted"] = r.Converted,
            ["precision"] = m.Provenance.Precision == Precision.Int8 ? "int8" : "fp32",
            ["graph_sha256"] = m.Provenance.GraphSha256,
            ["window"] = m.Window,
            ["channels"] = m.ChannelCount,
            ["thresholds"] = new JsonObject
            {
                ["method"] = t.MethodName,
                ["warning"] = t.Warning,
                ["alarm"] = t.Alarm,
                ["raise_after"] = t.RaiseAfter,
                ["clear_after"] = t.ClearAfter,
                ["parameters"] = parameters,
                ["normal_windows"] = r.NormalWindows,
                ["reason"] = t.Reason,
            },
        };
        if (r.Validation is not null) o["quantization"] = r.Validation.ToJson();
        if (r.Evaluation is not null) o["evaluation"] = EvaluationJson.Of(r.Evaluation);
        if (r.ReportFiles.Count > 0) o["report_files"] = new JsonArray(r.ReportFiles.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        return o;
    }
}
