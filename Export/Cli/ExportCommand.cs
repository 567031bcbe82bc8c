using System.CommandLine;
using System.Globalization;
using EdgeAE.Export.Evaluation;
using EdgeAE.Export.Import;
using EdgeAE.Export.Pipeline;
using EdgeAE.Quantization;
using EdgeAE.Quantization.Calibration;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae export`: the export tool in one command — convert → quantize → calibrate → validate →
/// evaluate, writing the deployable bundle and (optionally) a report directory.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Trained model (Keras .h5/.keras, ONNX) or an EdgeAE bundle (.onnx)" };
        // convert
        var window = new Option<int?>("--window") { Description = "convert: window length W (required unless the input is a bundle)" };
        var channels = new Option<int?>("--channels") { Description = "convert: channel count C (also the channel count of raw .f32 data)" };
        var layout = new Option<string?>("--layout") { Description = "convert: model input layout flat | nwc | ncw | nchw (default: inferred)" };
        layout.AcceptOnlyFromAmong("flat", "nwc", "ncw", "nchw");
        var normalize = new Option<string>("--normalize") { Description = "convert: per-channel normalization none | zscore | minmax", DefaultValueFactory = _ => "none" };
        normalize.AcceptOnlyFromAmong("none", "zscore", "minmax");
        var fit = new Option<string?>("--fit") { Description = "convert: data the normalization is fitted on (default: the --calibration data)" };
        var metric = new Option<string>("--metric") { Description = "convert: window score mse | mae", DefaultValueFactory = _ => "mse" };
        metric.AcceptOnlyFromAmong("mse", "mae");
        // data
        var calibration = new Option<string>("--calibration") { Description = "Normal data for the int8 activation ranges (CSV, or .f32 with --channels)", Required = true };
        var calibrationRows = new Option<string?>("--calibration-rows") { Description = "Row range START:END of the calibration data" };
        var normal = new Option<string>("--normal") { Description = "Normal data the alarm thresholds are calibrated on", Required = true };
        var rows = CommonOptions.Rows();
        rows.Description = "Row range START:END of the normal data";
        var columns = CommonOptions.Columns();
        var labeled = new Option<string?>("--labeled") { Description = "Labelled data: evaluate the exported bundle (and needed by --method f1)" };
        var labelColumn = CommonOptions.LabelColumn("anomaly");
        // quantize
        var precision = new Option<string>("--precision") { Description = "int8 | fp32", DefaultValueFactory = _ => "int8" };
        precision.AcceptOnlyFromAmong("int8", "fp32");
        var quantMethod = new Option<string>("--quant-method") { Description = "int8 activation range: minmax | percentile | entropy", DefaultValueFactory = _ => "minmax" };
        quantMethod.AcceptOnlyFromAmong("minmax", "percentile", "entropy");
        var headroom = new Option<double>("--headroom") { Description = "int8: widen every calibrated activation range by this factor (≥ 1) against drift", DefaultValueFactory = _ => new QuantizationOptions().Headroom };
        var activations = new Option<string>("--activations") { Description = "int8 activation type uint8 (x64) | int8 (ARM)", DefaultValueFactory = _ => "uint8" };
        activations.AcceptOnlyFromAmong("uint8", "int8");
        // calibrate
        var calibrationFlags = new CalibrationFlags();
        // output
        var output = new Option<string>("--output", "-o") { Description = "Deployable bundle to write (.onnx)", Required = true };
        var report = new Option<string?>("--report") { Description = "Directory for export.json, quantization.json, and (with --labeled) report.json, plots, index.html" };
        var byPosition = CommonOptions.ByPosition();
        var json = CommonOptions.Json();
        var command = new Command("export", "Convert → quantize → calibrate → validate (→ evaluate): a trained model in, the bundle for the device out")
        {
            model, window, channels, layout, normalize, fit, metric, calibration, calibrationRows, normal, rows, columns, labeled, labelColumn,
            precision, quantMethod, headroom, activations, output, report, byPosition, json,
        };
        calibrationFlags.AddTo(command);
        command.SetAction(r =>
        {
            string modelPath = r.GetValue(model)!, outputPath = r.GetValue(output)!;
            if (Path.GetFullPath(outputPath) == Path.GetFullPath(modelPath))
                throw new UsageException("-o must differ from the input model");
            var readColumns = CommonOptions.ReadOptions(r, columns, null, null).Columns;
            string norm = r.GetValue(normalize)!;
            ConvertRequest? convert = null;
            if (r.GetValue(window) is int w)
            {
                int c = r.GetValue(channels) ?? throw new UsageException("--window needs --channels to convert the model");
                convert = new ConvertRequest
                {
                    ModelPath = modelPath,
                    Window = w,
                    Channels = c,
                    Layout = r.GetValue(layout) switch { null => null, "flat" => TensorLayout.Flat, "nwc" => TensorLayout.Nwc, "ncw" => TensorLayout.Ncw, _ => TensorLayout.Nchw },
                    Normalize = norm switch { "zscore" => NormalizationKind.ZScore, "minmax" => NormalizationKind.MinMax, _ => NormalizationKind.None },
                    FitData = r.GetValue(fit) is { } fitPath
                        ? SensorDataReader.Read(fitPath, new DataReadOptions { Columns = readColumns, Channels = c })
                        : null,
                    Metric = r.GetValue(metric) == "mae" ? ErrorMetric.Mae : ErrorMetric.Mse,
                };
            }
            // The window period (for --method far) is derived from the normal data by the pipeline.
            var thresholds = calibrationFlags.Thresholds(r, null, TimeSpan.Zero);
            double room = r.GetValue(headroom);
            if (!(room >= 1) || !double.IsFinite(room)) throw new UsageException($"--headroom must be a number ≥ 1, got {room.ToString(CultureInfo.InvariantCulture)}");
            var request = new ExportRequest
            {
                ModelPath = modelPath,
                Convert = convert,
                CalibrationPath = r.GetValue(calibration)!,
                CalibrationRows = r.GetValue(calibrationRows) is { } cr ? CommonOptions.ParseRows("--calibration-rows", cr) : RowRange.All,
                NormalPath = r.GetValue(normal)!,
                NormalRows = r.GetValue(rows) is { } nr ? CommonOptions.ParseRows("--rows", nr) : RowRange.All,
                LabeledPath = r.GetValue(labeled),
                LabelColumn = r.GetValue(labelColumn) ?? "anomaly",
                Columns = readColumns,
                ByPosition = r.GetValue(byPosition),
                RawChannels = r.GetValue(channels),
                Precision = r.GetValue(precision) == "fp32" ? Precision.Fp32 : Precision.Int8,
                Quantization = new QuantizationOptions
                {
                    Method = r.GetValue(quantMethod) switch { "percentile" => CalibrationMethod.Percentile, "entropy" => CalibrationMethod.Entropy, _ => CalibrationMethod.MinMax },
                    Headroom = room,
                    Activations = r.GetValue(activations) == "int8" ? ActivationType.Int8 : ActivationType.UInt8,
                },
                Thresholds = thresholds,
                ChannelFit = calibrationFlags.ChannelFit(r),
                Drift = calibrationFlags.Drift(r),
                SamplePeriodSeconds = r.GetValue(calibrationFlags.SamplePeriod),
                OutputPath = outputPath,
                ReportDirectory = r.GetValue(report),
            };
            if (thresholds.Method == ThresholdMethod.F1 && request.LabeledPath is null)
                throw new UsageException("--method f1 needs --labeled <csv> with a label column");
            var result = ExportPipeline.Run(request);
            if (r.GetValue(json)) Console.WriteLine(ExportJson.Of(result).ToJsonString());
            else PrintText(result);
            return 0;
        });
        return command;
    }

    private static void PrintText(ExportResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = r.Manifest;
        Console.WriteLine(r.Converted ? "convert     converted the model to a float bundle" : "convert     skipped (the input is a bundle)");
        if (r.Quantization is { } qr && r.Validation is { } v)
        {
            Console.WriteLine(string.Create(inv, $"quantize    int8 ({qr.Manifest.Provenance.Quantization!.Method}, {qr.CalibrationWindows} calibration windows); size {v.Fp32Bytes} → {v.Int8Bytes} bytes"));
            Console.WriteLine(string.Create(inv, $"validate    mean score relative error {v.MeanScoreRelError:G3}, spearman {v.Spearman:F5} over {v.Windows} windows") +
                (v.AurocInt8 is double a ? string.Create(inv, $", AUROC fp32 {v.AurocFp32:F4} int8 {a:F4}") : ""));
        }
        else Console.WriteLine($"quantize    skipped (precision {(m.Provenance.Precision == Precision.Int8 ? "int8 already" : "fp32")})");
        Console.WriteLine(string.Create(inv, $"calibrate   alarm {r.Thresholds.Alarm:G6}, warning {r.Thresholds.Warning:G6} — {r.Thresholds.Reason}"));
        if (r.Evaluation is { } e)
        {
            var c = e.Confusion;
            Console.WriteLine(string.Create(inv, $"evaluate    F1 {c.F1:F3}  precision {c.Precision:F3}  recall {c.Recall:F3}  FAR {c.FarPercent:F2} %  MAR {c.MarPercent:F2} %  AUROC {e.Auroc:F4}"));
        }
        Console.WriteLine(string.Create(inv, $"wrote       {r.OutputPath} ({r.Bytes:N0} bytes, {(m.Provenance.Precision == Precision.Int8 ? "int8" : "fp32")}, window {m.Window} × {m.ChannelCount})"));
        if (r.ReportFiles.Count > 0) Console.WriteLine($"report      {Path.GetDirectoryName(r.ReportFiles[^1])}");
    }
}
