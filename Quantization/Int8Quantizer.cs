using System.Runtime.InteropServices;
using System.Security.Cryptography;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Passes;
using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization.Calibration;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Streaming;

namespace EdgeAE.Quantization;

/// <summary>What <see cref="Int8Quantizer.Quantize"/> produced.</summary>
public sealed record QuantizationResult(
    ModelProto Bundle,
    BundleManifest Manifest,
    int CalibrationWindows,
    IReadOnlyDictionary<string, TensorRange> Ranges,
    IReadOnlyList<string> Notes);

/// <summary>
/// Float bundle + calibration data → int8 QDQ bundle: ConvTranspose rewritten to Conv, Relus moved
/// next to their producers and folded, activations calibrated on the manifest's own windows and
/// normalization, weights int8 per output channel, biases int32, manifest updated (precision int8).
/// </summary>
public static class Int8Quantizer
{
    public const int MinimumOpset = 13;

    /// <summary>For a model and manifest not yet joined into a bundle (e.g. straight from the converter or trainer).</summary>
    public static QuantizationResult Quantize(ModelProto floatModel, BundleManifest manifest, SensorTable calibration, QuantizationOptions options)
    {
        var bundle = floatModel.Clone();
        OnnxModelIO.StampManifest(bundle, ManifestJson.Clone(manifest));
        return Quantize(bundle, calibration, options);
    }

    /// <summary>Quantizes a float bundle (a model carrying its manifest, as <see cref="OnnxModelIO.WriteBundle"/> writes it); nothing is written.</summary>
    public static QuantizationResult Quantize(ModelProto floatBundle, SensorTable calibration, QuantizationOptions options)
    {
        var manifest = OnnxModelIO.ReadManifest(floatBundle)
            ?? throw new InputException($"the model has no '{BundleManifest.MetadataKey}' metadata: quantize a bundle (make one with `edgeae convert` or `edgeae train`)");
        ManifestValidator.ValidateFields(manifest);
        if (manifest.Provenance.Precision == Precision.Int8 || floatBundle.Graph.Node.Any(n => n.OpType is "QuantizeLinear" or "DequantizeLinear" or "QLinearConv"))
            throw new InputException("the bundle is already quantized (precision int8)");
        if (!floatBundle.Graph.Node.Any(n => OpKinds.Weighted.Contains(n.OpType) && n.Input.Count > 1 && floatBundle.Graph.Initializer.Any(t => t.Name == n.Input[1])))
            throw new InputException("the model has no weights to quantize (no Conv, ConvTranspose, Gemm or MatMul with constant weights)");
        CheckCalibrationData(calibration);
        if (options.Weights == WeightEncoding.UInt8 && options.Activations == ActivationType.Int8)
            throw new InvalidParameterException(nameof(options.Weights), "uint8 needs uint8 activations: ONNX Runtime has no int8-activation × uint8-weight kernels on ARM; store int8 weights for int8 activations");

        var (windows, _) = WindowExtractor.Extract(calibration, manifest);
        int count = manifest.ModelValues == 0 ? 0 : windows.Length / manifest.ModelValues;
        if (count < options.MinCalibrationWindows)
            throw new InputException(calibration.Source, $"{calibration.Rows} rows give {count} calibration windows (window {manifest.Window}, hop {manifest.Hop}); at least {options.MinCalibrationWindows} are needed");

        var model = floatBundle.Clone();
        model.MetadataProps.Clear();
        foreach (var entry in floatBundle.MetadataProps.Where(p => p.Key != BundleManifest.MetadataKey)) model.MetadataProps.Add(entry.Clone());
        var notes = new List<string>();
        // A BatchNormalization between a layer and its activation hides the real per-channel weight
        // range; imported bundles are folded already, this catches hand-made or older ones.
        int folded = BatchNormFolding.Apply(model);
        if (folded > 0) notes.Add($"folded {folded} BatchNormalization node(s) into the preceding layers");
        if (model.Graph.Node.FirstOrDefault(n => n.OpType == "BatchNormalization") is { } bn)
            throw new InputException($"node '{bn.Name}' is a BatchNormalization that cannot be folded (non-constant parameters): fold BatchNormalization first");
        LiftOpset(model);

        bool Excluded(NodeProto n) => options.Excludes(n);
        var shapes = TensorShapeProbe.Shapes(model, ConvTransposeRewrite.InputsNeedingShapes(model.Graph));
        notes.AddRange(ConvTransposeRewrite.Apply(model, Excluded, shapes).Select(r => "ConvTranspose kept: " + r));
        ReluHoisting.Apply(model.Graph);
        GraphEdits.TopologicalSort(model.Graph);

        var plan = new QuantizationPlan(model.Graph, options);
        notes.AddRange(plan.Notes);
        if (plan.Weighted.Count == 0)
            throw new InputException("nothing left to quantize: every weighted node is excluded or has no constant weight");

        var edges = model.Graph.Input.Select(i => i.Name).Concat(model.Graph.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        var ranges = ActivationCalibrator.Collect(model, plan.Roots.ToList(), edges, windows, manifest.ModelValues, options);
        if (options.Headroom < 1 || !double.IsFinite(options.Headroom))
            throw new ArgumentOutOfRangeException(nameof(options), $"headroom must be ≥ 1, got {options.Headroom}");
        // Every range, not only the input's: drifted windows grow hidden activations too, and widening
        // the input alone only moved the clipping inward (measured, see QuantizationOptions.Headroom).
        foreach (var tensor in ranges.Keys.ToList())
            ranges[tensor] = new TensorRange((float)(ranges[tensor].Min * options.Headroom), (float)(ranges[tensor].Max * options.Headroom));
        if (options.BiasCorrection)
        {
            int corrected = BiasCorrection.Apply(model, plan, ranges, options, windows, manifest.ModelValues);
            notes.Add($"bias correction: {corrected} layer(s) adjusted to the float model's mean output per channel");
        }
        QdqWriter.Apply(model.Graph, plan, ranges, options);

        var int8Manifest = ManifestJson.Clone(manifest);
        int8Manifest.Provenance.Precision = Precision.Int8;
        int8Manifest.Provenance.CreatedUtc = DateTime.UtcNow;
        int8Manifest.Provenance.ToolVersion = OnnxModelIO.ToolVersion;
        int8Manifest.Provenance.Source = string.IsNullOrEmpty(manifest.Provenance.Source) ? "quantize int8" : manifest.Provenance.Source + "; quantize int8";
        int8Manifest.Provenance.Quantization = new QuantizationRecord
        {
            Method = MethodName(options),
            Percentile = options.Method == CalibrationMethod.Percentile ? options.Percentile : 0,
            PerChannel = options.PerChannel,
            Excluded = options.Exclude.ToArray(),
            CalibrationSha256 = options.CalibrationSha256 ?? TableSha256(calibration),
            CalibrationWindows = count,
            Headroom = options.Headroom,
            Activations = options.Activations == ActivationType.UInt8 ? "uint8" : "int8",
            Weights = WeightEncodings.Name(options.Weights),
            BiasCorrection = options.BiasCorrection,
        };
        OnnxModelIO.StampManifest(model, int8Manifest);
        return new QuantizationResult(model, int8Manifest, count, ranges, notes);
    }

    public static string MethodName(QuantizationOptions o) => o.Method switch
    {
        CalibrationMethod.MinMax => o.MovingAverage ? "minmax-moving-average" : "minmax",
        CalibrationMethod.Percentile => "percentile",
        CalibrationMethod.Entropy => "entropy",
        _ => o.Method.ToString().ToLowerInvariant(),
    };

    /// <summary>A constant channel carries no range information and usually means a dead sensor or the wrong column.</summary>
    private static void CheckCalibrationData(SensorTable t)
    {
        if (t.Rows < 2) throw new InputException(t.Source, $"{t.Rows} rows are not enough to calibrate");
        for (int c = 0; c < t.ChannelCount; c++)
        {
            float first = t.Values[c];
            bool constant = true;
            for (int r = 1; r < t.Rows && constant; r++) constant = t.Values[r * t.ChannelCount + c] == first;
            if (constant)
                throw new InputException(t.Source, $"calibration channel '{t.Channels[c]}' is constant ({first}) over all {t.Rows} rows");
        }
    }

    /// <summary>Per-axis QuantizeLinear/DequantizeLinear need opset 13; lift older graphs whose ops mean the same there.</summary>
    private static void LiftOpset(ModelProto model)
    {
        int opset = OnnxModelIO.OpsetOf(model);
        if (opset >= MinimumOpset) return;
        if (opset < OnnxModelIO.MinOpset)
            throw new InputException($"opset {opset} is older than {OnnxModelIO.MinOpset}: re-export the model at opset ≥ {MinimumOpset}");
        var changed = model.Graph.Node.Where(n => GraphQuery.IsDefaultDomain(n) && !OpKinds.SameAtOpset13.Contains(n.OpType)).Select(n => n.OpType).Distinct().ToList();
        if (changed.Count > 0)
            throw new InputException($"opset {opset} model uses {string.Join(", ", changed)}, which change meaning at opset {MinimumOpset} (needed for per-channel int8): re-export it at opset ≥ {MinimumOpset}");
        foreach (var o in model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx")) o.Version = MinimumOpset;
    }

    private static string TableSha256(SensorTable t) =>
        Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(t.Values.AsSpan())));
}
