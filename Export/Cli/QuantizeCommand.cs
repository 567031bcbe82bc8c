using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Export.Quantization;
using EdgeAE.Onnx;
using EdgeAE.Quantization;
using EdgeAE.Quantization.Calibration;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using Google.Protobuf;

namespace EdgeAE.Export.Cli;

/// <summary>`edgeae quantize`: float bundle + calibration data → int8 QDQ bundle and a float-vs-int8 validation report.</summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { Description = "Float EdgeAE bundle (.onnx)" };
        var calibration = new Option<string>("--calibration") { Description = "Normal data to calibrate activation ranges on (CSV, or .f32 with --channels)", Required = true };
        var columns = CommonOptions.Columns();
        var rows = CommonOptions.Rows();
        var channels = CommonOptions.Channels();
        var method = new Option<string>("--method") { Description = "Activation range: minmax | percentile | entropy", DefaultValueFactory = _ => "minmax" };
        method.AcceptOnlyFromAmong("minmax", "percentile", "entropy");
        var percentile = new Option<double>("--percentile") { Description = "Percentile kept by --method percentile", DefaultValueFactory = _ => 99.99 };
        var movingAverage = new Option<bool>("--moving-average") { Description = "minmax: moving average of per-batch extremes instead of global ones" };
        var perTensor = new Option<bool>("--per-tensor") { Description = "One weight scale per tensor instead of per output channel" };
        var exclude = new Option<string[]>("--exclude") { Description = "Nodes to keep in float: op:TYPE, node:NAME, or a bare op type or node name", AllowMultipleArgumentsPerToken = true };
        var activations = new Option<string>("--activations") { Description = "Activation type: uint8 (x64 kernels) | int8 (ARM)", DefaultValueFactory = _ => "uint8" };
        activations.AcceptOnlyFromAmong("uint8", "int8");
        var weights = new Option<string>("--weights")
        {
            Description = "Weight storage: int8 (±127; exact in EdgeAE, may saturate in other ONNX Runtime sessions on x64 without VNNI) | uint8 (±127 + 128: exact in any runtime, 30 % dearer on a Cortex-A53) | int7 (±64: exact anywhere, coarser)",
            DefaultValueFactory = _ => "int8",
        };
        weights.AcceptOnlyFromAmong([.. WeightEncodings.Names]);
        var outputLayer = new Option<string>("--output-layer") { Description = "Final layer: auto | quantize | float", DefaultValueFactory = _ => "auto" };
        outputLayer.AcceptOnlyFromAmong("auto", "quantize", "float");
        var headroom = new Option<double>("--headroom") { Description = "Widen every calibrated activation range by this factor (≥ 1) so data drifting past the calibration data is not clipped; 1 = tightest fit", DefaultValueFactory = _ => 2.0 };
        var noBiasCorrection = new Option<bool>("--no-bias-correction") { Description = "Keep the float biases as trained (default: each layer's bias absorbs the mean shift int8 causes in its output on the calibration data)" };
        var validate = new Option<string?>("--validate") { Description = "Held-out normal data for the float-vs-int8 report (default: the calibration data)" };
        var validateRows = new Option<string?>("--validate-rows") { Description = "Row range START:END of the --validate data (e.g. 6000:9405, rows held out of the same file)" };
        var labeled = new Option<string?>("--labeled") { Description = "Labelled data for AUROC float vs int8" };
        var labelColumn = CommonOptions.LabelColumn("anomaly");
        var output = new Option<string>("--output", "-o") { Description = "Int8 bundle to write", Required = true };
        var report = new Option<string?>("--report") { Description = "Write the validation report as JSON here" };
        var byPosition = CommonOptions.ByPosition();
        var json = CommonOptions.Json();
        var command = new Command("quantize", "Quantize a float bundle to int8 (calibrated QDQ, int8 decoder) and validate it against the float one")
        {
            bundle, calibration, columns, rows, channels, method, percentile, movingAverage, perTensor, exclude, activations, weights, outputLayer, headroom, noBiasCorrection,
            validate, validateRows, labeled, labelColumn, byPosition, output, report, json,
        };
        command.SetAction(r =>
        {
            string bundlePath = r.GetValue(bundle)!;
            string outPath = r.GetValue(output)!;
            if (Path.GetFullPath(outPath) == Path.GetFullPath(bundlePath))
                throw new UsageException("-o must differ from the input bundle (the float bundle is needed for validation)");
            byte[] floatBytes = ReadAll(bundlePath);
            var floatModel = OnnxModelIO.Parse(floatBytes, bundlePath);
            var manifest = OnnxModelIO.ReadManifest(floatModel)
                ?? throw new InputException(bundlePath, $"no '{BundleManifest.MetadataKey}' metadata: not an EdgeAE bundle");

            string calibrationPath = r.GetValue(calibration)!;
            // Channels are put in the bundle's order by name when the file has them all, else taken as they come (same count).
            var readOptions = CommonOptions.ReadOptions(r, columns, rows, channels);
            var calibrationTable = ChannelMatcher.Match(SensorDataReader.Read(calibrationPath, readOptions), manifest, r.GetValue(byPosition));

            var options = new QuantizationOptions
            {
                Method = r.GetValue(method) switch { "percentile" => CalibrationMethod.Percentile, "entropy" => CalibrationMethod.Entropy, _ => CalibrationMethod.MinMax },
                Percentile = r.GetValue(percentile),
                MovingAverage = r.GetValue(movingAverage),
                PerChannel = !r.GetValue(perTensor),
                Exclude = (r.GetValue(exclude) ?? []).SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
                Activations = r.GetValue(activations) == "int8" ? ActivationType.Int8 : ActivationType.UInt8,
                Weights = WeightEncodings.Parse(r.GetValue(weights)!),
                OutputLayer = r.GetValue(outputLayer) switch { "quantize" => OutputLayerPolicy.Quantize, "float" => OutputLayerPolicy.Float, _ => OutputLayerPolicy.Auto },
                Headroom = r.GetValue(headroom),
                BiasCorrection = !r.GetValue(noBiasCorrection),
                CalibrationSha256 = Runtime.Bundles.OnnxModelFile.FileSha256(calibrationPath),
            };
            if (!(options.Headroom >= 1) || !double.IsFinite(options.Headroom))
                throw new UsageException($"--headroom must be a number ≥ 1, got {options.Headroom.ToString(CultureInfo.InvariantCulture)}");
            if (options.Method == CalibrationMethod.Percentile && !(options.Percentile > 50 && options.Percentile <= 100))
                throw new UsageException($"--percentile must be in (50, 100], got {options.Percentile.ToString(CultureInfo.InvariantCulture)}");
            if (options.Weights == WeightEncoding.UInt8 && options.Activations == ActivationType.Int8)
                throw new UsageException("--weights uint8 needs --activations uint8 (ONNX Runtime has no int8 × uint8 kernels on ARM)");
            if (options.MovingAverage && options.Method != CalibrationMethod.MinMax)
                throw new UsageException("--moving-average only applies to --method minmax");

            var result = Int8Quantizer.Quantize(floatModel, calibrationTable, options);
            byte[] int8Bytes = result.Bundle.ToByteArray();

            var validationOptions = readOptions with { Rows = RowRange.All };
            string? validatePath = r.GetValue(validate);
            if (r.GetValue(validateRows) is not null && validatePath is null)
                throw new UsageException("--validate-rows needs --validate <csv>");
            var heldOutRows = r.GetValue(validateRows) is { } vr ? CommonOptions.ParseRows("--validate-rows", vr) : RowRange.All;
            var validationTable = validatePath is null ? calibrationTable
                : ChannelMatcher.Match(SensorDataReader.Read(validatePath, validationOptions with { Rows = heldOutRows }), manifest, r.GetValue(byPosition));
            SensorTable? labeledTable = null;
            if (r.GetValue(labeled) is { } labeledPath)
                labeledTable = ChannelMatcher.Match(SensorDataReader.Read(labeledPath, validationOptions with { LabelColumn = r.GetValue(labelColumn) }), manifest, r.GetValue(byPosition));
            var validation = QuantizationValidator.Validate(floatBytes, int8Bytes, validationTable, labeledTable);

            // Everything that can fail on the input has run: only now does anything reach the disk.
            OnnxModelIO.Save(result.Bundle, outPath);
            var summary = Summary(outPath, result, validation, validatePath is null ? "calibration data (no --validate given)" : validatePath);
            if (r.GetValue(report) is { } reportPath)
                File.WriteAllText(reportPath, summary.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
            if (r.GetValue(json)) Console.WriteLine(summary.ToJsonString());
            else PrintText(outPath, result, validation);
            return 0;
        });
        return command;
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"bundle '{path}' not found", path);
        return File.ReadAllBytes(path);
    }

    private static JsonObject Summary(string outPath, QuantizationResult result, ValidationReport validation, string validationSource)
    {
        var q = result.Manifest.Provenance.Quantization!;
        var notes = new JsonArray();
        foreach (var n in result.Notes) notes.Add(n);
        var o = validation.ToJson();
        o["output"] = outPath;
        o["method"] = q.Method;
        if (q.Method == "percentile") o["percentile"] = q.Percentile;
        o["per_channel"] = q.PerChannel;
        o["calibration_windows"] = q.CalibrationWindows;
        o["headroom"] = q.Headroom;
        o["activations"] = q.Activations;
        o["weights"] = q.Weights;
        o["bias_correction"] = q.BiasCorrection;
        o["calibration_sha256"] = q.CalibrationSha256;
        o["validation_source"] = validationSource;
        o["notes"] = notes;
        return o;
    }

    private static void PrintText(string outPath, QuantizationResult result, ValidationReport v)
    {
        var inv = CultureInfo.InvariantCulture;
        var q = result.Manifest.Provenance.Quantization!;
        Console.WriteLine($"wrote {outPath} (int8, {q.Method}, {(q.PerChannel ? "per-channel" : "per-tensor")} {q.Weights} weights, {q.Activations} activations, {q.CalibrationWindows} calibration windows)");
        foreach (var n in result.Notes) Console.WriteLine("note: " + n);
        Console.WriteLine(string.Create(inv, $"size: {v.Fp32Bytes} → {v.Int8Bytes} bytes ({v.SizeRatio:P1})"));
        Console.WriteLine(string.Create(inv, $"mean score: fp32 {v.MeanScoreFp32:G6}, int8 {v.MeanScoreInt8:G6}, relative error {v.MeanScoreRelError:G3}"));
        Console.WriteLine(string.Create(inv, $"window relative error: median {v.WindowRelErrorMedian:G3}, p99 {v.WindowRelErrorP99:G3}; spearman {v.Spearman:F5} over {v.Windows} windows"));
        if (v.LabeledWindows > 0) Console.WriteLine(string.Create(inv, $"AUROC: fp32 {v.AurocFp32:F4}, int8 {v.AurocInt8:F4} ({v.LabeledWindows} labelled windows)"));
        if (v.DecisionFlipRate is { } flips) Console.WriteLine(string.Create(inv, $"alarm decisions flipped at {v.Threshold:G6}: {flips:P2}"));
        if (v.Clipping.Count > 0)
        {
            var worst = v.Clipping.MaxBy(c => c.Fraction)!;
            Console.WriteLine(worst.Fraction > 0
                ? string.Create(inv, $"clipped: {worst.Fraction:P3} of {worst.Tensor}'s values fall outside its int8 range [{worst.RangeMin:G4}, {worst.RangeMax:G4}] (seen {worst.SeenMin:G4} … {worst.SeenMax:G4}); a larger --headroom or calibration data covering this range avoids it")
                : "clipped: no activation leaves its int8 range on the validation windows");
        }
        Console.WriteLine(X64KernelLine(q.Weights, v));
        Console.WriteLine(string.Create(inv, $"latency (1 thread, batch 1): fp32 {v.LatencyUsFp32:F1} µs, int8 {v.LatencyUsInt8:F1} µs"));
        Console.WriteLine("ORT optimized int8 graph: " + string.Join(", ", v.OptimizedOps.OrderBy(k => k.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}×{kv.Value}")));
        Console.WriteLine("  with session.qdqisint8allowed=1 (ARM): " + string.Join(", ", v.OptimizedOpsInt8Allowed.OrderBy(k => k.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}×{kv.Value}")));
    }

    /// <summary>Which of ORT's x64 integer kernels may saturate on this bundle, and what that cost on this CPU.</summary>
    private static string X64KernelLine(string weights, ValidationReport v)
    {
        if (v.Int8WeightLayers == 0)
            return "x64 kernels: uint8 weights run ONNX Runtime's U8U8 kernels, exact on every x64 CPU (and on ARM)";
        if (v.U8S8MaySaturate.Count == 0)
            return $"x64 kernels: no int8-weight layer can saturate ONNX Runtime's U8S8 kernels ({weights} weights: no two same-sign weights of a channel add up to more than 128)";
        var worst = v.U8S8MaySaturate.MaxBy(l => l.WorstPairSum)!;
        string layers = string.Join(", ", v.U8S8MaySaturate.Select(l => l.Layer));
        string cost = v.PlainOrtMeanScoreRelError is { } e
            ? string.Create(CultureInfo.InvariantCulture, $"plain ONNX Runtime on this CPU: mean score {e:P2} off float ({(Math.Abs(e - v.MeanScoreRelError) < 1e-6 ? "the same as EdgeAE's: this CPU's kernels are exact" : "saturated")})")
            : "not measured";
        return string.Create(CultureInfo.InvariantCulture,
            $"x64 kernels: {v.U8S8MaySaturate.Count} of {v.Int8WeightLayers} int8-weight layers may saturate ONNX Runtime's U8S8 kernels on AVX2 / AVX-512 without VNNI ({layers}; 16-bit pair sums up to {worst.WorstPairSum:N0} > 32,767). "
            + $"EdgeAE's sessions run them exactly (session.x64quantprecision=1); {cost}; --weights uint8 is exact in any runtime");
    }
}
