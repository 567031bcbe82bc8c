using System.CommandLine;
using System.Text.Json.Nodes;
using EdgeAE.Export.Import;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Cli;

/// <summary>`edgeae convert`: a Keras (.h5/.keras) or ONNX autoencoder → float EdgeAE bundle.</summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Trained autoencoder: Keras .h5 / .keras, or ONNX from PyTorch/tf2onnx" };
        var window = new Option<int?>("--window") { Description = "Window length W (samples per window); with --front-end, the samples the front end takes (default: its natural window)" };
        var hop = new Option<int?>("--hop") { Description = "Samples between windows (default 1; with a logmel front end its hop_length)" };
        var frontEnd = new Option<string?>("--front-end") { Description = FrontEndSyntax.Help };
        var channels = new Option<int>("--channels") { Description = "Channel count C", Required = true };
        var layout = new Option<string?>("--layout") { Description = "Model input layout: flat [N,W·C] | nwc | ncw | nchw (default: inferred from the model)" };
        layout.AcceptOnlyFromAmong("flat", "nwc", "ncw", "nchw");
        var normalize = new Option<string>("--normalize") { Description = "Per-channel normalization fitted on --fit: none | zscore | minmax", DefaultValueFactory = _ => "none" };
        normalize.AcceptOnlyFromAmong("none", "zscore", "minmax");
        var fit = new Option<string?>("--fit") { Description = "Training data (CSV or .f32) the normalization is fitted on" };
        var columns = CommonOptions.Columns();
        var rows = CommonOptions.Rows();
        var metric = new Option<string>("--metric") { Description = "Window score: mse | mae", DefaultValueFactory = _ => "mse" };
        metric.AcceptOnlyFromAmong("mse", "mae");
        var names = new Option<string?>("--channel-names") { Description = "Channel names in order, comma-separated (default: the --fit columns, else c0…)" };
        var output = new Option<string>("--output", "-o") { Description = "Bundle to write (.onnx)", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("convert", "Convert a trained Keras or ONNX autoencoder into a float EdgeAE bundle")
        {
            model, window, hop, frontEnd, channels, layout, normalize, fit, columns, rows, metric, names, output, json,
        };
        command.SetAction(r =>
        {
            string? fitPath = r.GetValue(fit);
            string norm = r.GetValue(normalize)!;
            if (fitPath is null && norm != "none") throw new UsageException($"--normalize {norm} needs --fit <training data>");
            if (fitPath is null && (r.GetValue(columns) is { Length: > 0 } || r.GetValue(rows) is not null))
                throw new UsageException("--columns and --rows select the --fit data; give --fit too");
            var fe = FrontEndSyntax.Parse(r.GetValue(frontEnd));
            int windowLength = r.GetValue(window) ?? (fe is null ? throw new UsageException("--window is required (it may be left out only with --front-end)") : FrontEndSyntax.DefaultWindow(fe));
            var request = new ConvertRequest
            {
                ModelPath = r.GetValue(model)!,
                Window = windowLength,
                Hop = r.GetValue(hop),
                FrontEnd = fe,
                Channels = r.GetValue(channels),
                Layout = r.GetValue(layout) switch
                {
                    null => null,
                    "flat" => TensorLayout.Flat,
                    "nwc" => TensorLayout.Nwc,
                    "ncw" => TensorLayout.Ncw,
                    _ => TensorLayout.Nchw,
                },
                Normalize = norm switch { "zscore" => NormalizationKind.ZScore, "minmax" => NormalizationKind.MinMax, _ => NormalizationKind.None },
                FitData = fitPath is null ? null : SensorDataReader.Read(fitPath, CommonOptions.ReadOptions(r, columns, rows, null) with { Channels = r.GetValue(channels) }),
                Metric = r.GetValue(metric) == "mae" ? ErrorMetric.Mae : ErrorMetric.Mse,
                ChannelNames = r.GetValue(names)?.Split(',', StringSplitOptions.TrimEntries),
            };
            var result = ModelConverter.Convert(request);
            string path = r.GetValue(output)!;
            OnnxModelIO.WriteBundle(result.Model, result.Manifest, path);
            var report = Report(result, path);
            if (r.GetValue(json)) Console.WriteLine(report.ToJsonString());
            else PrintText(result, path);
            return 0;
        });
        return command;
    }

    private static JsonObject Report(ConvertResult result, string path)
    {
        var g = result.Model.Graph;
        var initializers = g.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var ops = new JsonObject();
        foreach (var group in g.Node.GroupBy(n => n.OpType).OrderBy(x => x.Key, StringComparer.Ordinal))
            ops[group.Key] = group.Count();
        var m = result.Manifest;
        return new JsonObject
        {
            ["bundle"] = Path.GetFullPath(path),
            ["source_format"] = result.Format == SourceFormat.Keras ? "keras" : "onnx",
            ["source_sha256"] = m.Provenance.SourceSha256,
            ["graph_sha256"] = m.Provenance.GraphSha256,
            ["inputs"] = Values(g.Input.Where(i => !initializers.Contains(i.Name))),
            ["outputs"] = Values(g.Output),
            ["ops"] = ops,
            ["nodes"] = g.Node.Count,
            ["parameters"] = g.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float).Sum(OnnxTensors.ElementCount),
            ["batchnorms_folded"] = result.Summary.BatchNormsFolded,
            ["passthroughs_removed"] = result.Summary.PassThroughsRemoved,
            ["constants_folded"] = result.Summary.ConstantsFolded,
            ["opset"] = OnnxModelIO.OpsetOf(result.Model),
            ["layout"] = ModelConverter.LayoutName(m.Layout),
            ["window"] = m.Window,
            ["hop"] = m.Hop,
            ["front_end"] = m.FrontEnd?.ToString(),
            ["channels"] = m.ChannelCount,
            ["normalization"] = m.Normalization.Kind.ToString().ToLowerInvariant(),
            ["metric"] = m.Score.Metric.ToString().ToLowerInvariant(),
        };
    }

    private static JsonArray Values(IEnumerable<ValueInfoProto> values)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            var shape = new JsonArray();
            foreach (var d in v.Type.TensorType.Shape.Dim)
                shape.Add(d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? JsonValue.Create(d.DimValue) : JsonValue.Create(d.DimParam));
            array.Add(new JsonObject { ["name"] = v.Name, ["shape"] = shape });
        }
        return array;
    }

    private static void PrintText(ConvertResult result, string path)
    {
        var m = result.Manifest;
        var ops = result.Model.Graph.Node.GroupBy(n => n.OpType).OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}×{x.Count()}");
        Console.WriteLine($"converted {(result.Format == SourceFormat.Keras ? "Keras" : "ONNX")} model → {path}");
        Console.WriteLine($"  input '{m.InputName}' / output '{m.OutputName}', layout {ModelConverter.LayoutName(m.Layout)}, window {m.Window} × {m.ChannelCount} channels, hop {m.Hop}");
        if (m.FrontEnd is { } fe) Console.WriteLine($"  front end {fe} → {m.ModelWindow} values per channel");
        Console.WriteLine($"  ops: {string.Join(", ", ops)}; {result.Summary.BatchNormsFolded} BatchNormalization folded, {result.Summary.PassThroughsRemoved} Identity/Dropout removed");
        Console.WriteLine($"  normalization {m.Normalization.Kind.ToString().ToLowerInvariant()}, metric {m.Score.Metric.ToString().ToLowerInvariant()}, graph sha256 {m.Provenance.GraphSha256}");
    }
}
