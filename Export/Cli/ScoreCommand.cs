using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Runtime.Streaming;

namespace EdgeAE.Export.Cli;

/// <summary>`edgeae score`: stream recorded data through the Runtime scorer (the device's code path).</summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { Description = "EdgeAE bundle (.onnx)" };
        var data = new Option<string>("--data") { Description = "CSV with header, or raw float32 (.f32) with --channels", Required = true };
        var columns = CommonOptions.Columns();
        var rows = CommonOptions.Rows();
        var channels = CommonOptions.Channels();
        var threads = CommonOptions.Threads();
        var batch = new Option<int>("--batch") { Description = "Windows per inference run", DefaultValueFactory = _ => 32 };
        var holdLast = new Option<bool>("--hold-last") { Description = "Repair NaN/Inf values with the channel's last good value instead of dropping the frame" };
        var byPosition = CommonOptions.ByPosition();
        var json = CommonOptions.Json();
        var command = new Command("score", "Score recorded data with a bundle: per-window reconstruction error and a summary")
        {
            bundle, data, columns, rows, channels, byPosition, threads, batch, holdLast, json,
        };
        command.SetAction(r =>
        {
            var table = SensorDataReader.Read(r.GetValue(data)!, CommonOptions.ReadOptions(r, columns, rows, channels));
            using var b = Bundle.Load(r.GetValue(bundle)!, new InferenceSettings { IntraOpThreads = r.GetValue(threads) });
            table = ChannelMatcher.Match(table, b.Manifest, r.GetValue(byPosition));
            var options = ScorerOptions.Offline with
            {
                MicroBatch = Math.Max(1, r.GetValue(batch)),
                BadSamples = r.GetValue(holdLast) ? BadSamplePolicy.HoldLast : BadSamplePolicy.Reject,
            };
            var series = OfflineScorer.Score(b, table, options);
            if (series.Count == 0) throw NoWindowsError.For(r.GetValue(data)!, table, series, b.Manifest);
            if (r.GetValue(json)) Console.WriteLine(ToJson(series).ToJsonString());
            else PrintText(series, b.Manifest);
            return 0;
        });
        return command;
    }

    private static JsonObject ToJson(ScoreSeries s)
    {
        var scores = new JsonArray();
        foreach (var v in s.Scores) scores.Add(float.IsFinite(v) ? JsonValue.Create(v) : null);
        var ends = new JsonArray();
        foreach (var e in s.EndRows) ends.Add(e);
        return new JsonObject
        {
            ["windows"] = s.Count,
            ["mean"] = s.Count == 0 ? null : s.Mean,
            ["max"] = s.Count == 0 ? null : s.Max,
            ["frames_rejected"] = s.FramesRejected,
            ["events"] = s.Events.Count,
            ["scores"] = scores,
            ["end_rows"] = ends,
        };
    }

    private static void PrintText(ScoreSeries s, BundleManifest m)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("window\tend_row\tscore");
        for (int i = 0; i < s.Count; i++)
            Console.WriteLine(string.Create(inv, $"{i}\t{s.EndRows[i]}\t{s.Scores[i]:G7}"));
        Console.WriteLine(s.Count == 0
            ? $"0 windows (need at least {m.Window} rows)"
            : string.Create(inv, $"{s.Count} windows, mean {s.Mean:G7}, max {s.Max:G7}, {s.Events.Count} detector events, {s.FramesRejected} frames rejected"));
    }
}
