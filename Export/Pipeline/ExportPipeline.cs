using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAE.Export.Cli;
using EdgeAE.Export.Evaluation;
using EdgeAE.Export.Import;
using EdgeAE.Export.Quantization;
using EdgeAE.Export.Reports;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;
using Google.Protobuf;

namespace EdgeAE.Export.Pipeline;

/// <summary>
/// "I have a trained model, give me what goes on the Pi": convert (unless the input is a bundle) →
/// quantize (int8) → calibrate thresholds on normal data with the Runtime's scorer → validate int8
/// against float → evaluate on labelled data. Each stage is the library code of its own verb; nothing
/// is written until every stage has succeeded.
/// </summary>
public static class ExportPipeline
{
    public static ExportResult Run(ExportRequest request)
    {
        var calibrationRaw = Read(request.CalibrationPath, request, request.CalibrationRows);
        var (floatModel, converted) = FloatBundle(request, calibrationRaw);
        var manifest = OnnxModelIO.ReadManifest(floatModel)!;
        var calibration = ChannelMatcher.Match(calibrationRaw, manifest, request.ByPosition);
        var normal = ChannelMatcher.Match(Read(request.NormalPath, request, request.NormalRows), manifest, request.ByPosition);
        var labeled = request.LabeledPath is null ? null
            : ChannelMatcher.Match(Read(request.LabeledPath, request, RowRange.All, request.LabelColumn), manifest, request.ByPosition);

        // Quantize (unless fp32 was asked for or the input is int8 already) and compare with the float model.
        ModelProto model = floatModel;
        QuantizationResult? quantized = null;
        ValidationReport? validation = null;
        bool alreadyInt8 = manifest.Provenance.Precision == Precision.Int8;
        if (request.Precision == Precision.Fp32 && alreadyInt8)
            throw new InputException($"{request.ModelPath} is an int8 bundle: it cannot be exported as fp32");
        if (request.Precision == Precision.Int8 && !alreadyInt8)
        {
            var options = request.Quantization with { CalibrationSha256 = request.Quantization.CalibrationSha256 ?? OnnxModelFile.FileSha256(request.CalibrationPath) };
            quantized = Int8Quantizer.Quantize(floatModel, calibration, options);
            model = quantized.Bundle;
            validation = QuantizationValidator.Validate(floatModel.ToByteArray(), model.ToByteArray(), normal, labeled);
        }

        // Thresholds from the normal data, scored exactly as on the device.
        var final = OnnxModelIO.ReadManifest(model)!;
        ScoreSeries normalSeries;
        using (var bundle = Bundle.Load(model.ToByteArray(), request.ModelPath, new InferenceSettings { IntraOpThreads = 1 }))
            normalSeries = OfflineScorer.Score(bundle, normal, ScorerOptions.Offline with { Detect = false });
        if (normalSeries.Count == 0)
            throw new InputException(request.NormalPath, $"{normal.Rows} rows give no window of {final.Window} rows to calibrate on");
        var (score, normalScores) = ScoreSpecFit.Fit(final.Score, normalSeries, request.ChannelFit);
        final.Score = score;
        OnnxModelIO.StampManifest(model, final);
        var thresholds = CalibrateThresholds(request, final, normal, normalScores, labeled, model);
        final.Thresholds = thresholds.ToThresholdSpec(OnnxModelFile.FileSha256(request.NormalPath));
        final.Drift = request.Drift is null ? null : DriftReferenceFit.Fit(normal, request.Drift);
        OnnxModelIO.StampManifest(model, final);

        // Evaluate the finished bundle (the bytes that will be written) on the labelled data.
        EvaluationResult? evaluation = null;
        LabeledScoring? labeledRun = null;
        byte[] bytes = model.ToByteArray();
        if (labeled is not null)
        {
            using var bundle = Bundle.Load(bytes, request.OutputPath, new InferenceSettings { IntraOpThreads = 1 });
            labeledRun = LabeledScoring.Score(bundle, labeled, ScorerOptions.Offline);
            evaluation = EvaluationResult.Evaluate(labeledRun.PointScores, labeledRun.Labels, labeledRun.FlagLevel(thresholds.Alarm), labeledRun.RowTimes, labeledRun.TsbVusBuffer());
        }

        OnnxModelIO.WriteBundle(model, final, request.OutputPath);
        var result = new ExportResult
        {
            OutputPath = request.OutputPath,
            Manifest = final,
            Converted = converted,
            Quantization = quantized,
            Validation = validation,
            Thresholds = thresholds,
            NormalWindows = normalSeries.Count,
            Evaluation = evaluation,
            Bytes = new FileInfo(request.OutputPath).Length,
        };
        if (request.ReportDirectory is null) return result;
        return new ExportResult
        {
            OutputPath = result.OutputPath,
            Manifest = result.Manifest,
            Converted = converted,
            Quantization = quantized,
            Validation = validation,
            Thresholds = thresholds,
            NormalWindows = result.NormalWindows,
            Evaluation = evaluation,
            Bytes = result.Bytes,
            ReportFiles = WriteReport(request, result, labeledRun),
        };
    }

    private static (ModelProto Model, bool Converted) FloatBundle(ExportRequest request, SensorTable calibration)
    {
        if (!File.Exists(request.ModelPath)) throw new FileNotFoundException($"model file not found: {request.ModelPath}", request.ModelPath);
        if (ModelConverter.Detect(request.ModelPath) == SourceFormat.Onnx)
        {
            var model = OnnxModelIO.Load(request.ModelPath);
            if (OnnxModelIO.ReadManifest(model) is not null)
            {
                // A bundle already: keep its graph and manifest, drop any old thresholds (they are recalibrated).
                return (model, false);
            }
        }
        var convert = request.Convert
            ?? throw new InputException($"{request.ModelPath} is not an EdgeAE bundle: give --window and --channels to convert it");
        var converted = ModelConverter.Convert(convert with
        {
            ModelPath = request.ModelPath,
            FitData = convert.Normalize == NormalizationKind.None ? null : convert.FitData ?? calibration,
        });
        OnnxModelIO.StampManifest(converted.Model, converted.Manifest);
        return (converted.Model, true);
    }

    private static CalibrationResult CalibrateThresholds(ExportRequest request, BundleManifest manifest, SensorTable normal, float[] normalScores, SensorTable? labeled, ModelProto model)
    {
        var options = request.Thresholds;
        if (options.WindowPeriod == TimeSpan.Zero)
            options = options with { WindowPeriod = WindowPeriod.Of(normal, manifest.Hop, WindowPeriod.Seconds(request.SamplePeriodSeconds)) };
        if (options.Method == ThresholdMethod.Far && options.WindowPeriod <= TimeSpan.Zero)
            throw new InputException($"the far method needs the data's sample period: {request.NormalPath} has no time column (give --sample-period)");
        LabeledScores? labeledScores = null;
        if (options.Method == ThresholdMethod.F1)
        {
            if (labeled is null) throw new InputException("the f1 method needs labelled data (--labeled)");
            using var bundle = Bundle.Load(model.ToByteArray(), request.ModelPath, new InferenceSettings { IntraOpThreads = 1 });
            var run = LabeledScoring.Score(bundle, labeled, ScorerOptions.Offline with { Detect = false });
            labeledScores = new LabeledScores(run.PointScores, run.Labels);
        }
        return ThresholdCalibrator.Calibrate(normalScores, options, labeledScores);
    }

    private static SensorTable Read(string path, ExportRequest request, RowRange rows, string? labelColumn = null) =>
        SensorDataReader.Read(path, new DataReadOptions { Columns = request.Columns, Rows = rows, Channels = request.RawChannels, LabelColumn = labelColumn });

    private static IReadOnlyList<string> WriteReport(ExportRequest request, ExportResult result, LabeledScoring? run)
    {
        string dir = request.ReportDirectory!;
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        if (result.Validation is not null)
        {
            string path = Path.Combine(dir, "quantization.json");
            File.WriteAllText(path, result.Validation.ToJson().ToJsonString(Indented) + Environment.NewLine);
            files.Add(path);
        }
        if (run is not null && result.Evaluation is not null)
        {
            var t = result.Manifest.Thresholds!;
            files.AddRange(ReportWriter.Write(dir, new ReportData
            {
                Title = Path.GetFileName(request.LabeledPath!),
                Bundle = request.OutputPath,
                Data = request.LabeledPath!,
                Warning = t.Warning,
                Alarm = t.Alarm,
                WindowScores = run.Series.Scores,
                WindowEndRows = run.Series.EndRows,
                PointScores = run.PointScores,
                Labels = run.Labels,
                RowTimes = run.RowTimes,
                Evaluation = result.Evaluation,
                Detector = run.Episodes(),
                CalibrationReason = t.Calibration?.Reason,
            }, new JsonObject { ["calibration_method"] = t.Calibration?.Method }));
        }
        string summary = Path.Combine(dir, "export.json");
        File.WriteAllText(summary, ExportJson.Of(result).ToJsonString(Indented) + Environment.NewLine);
        files.Add(summary);
        return files;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
