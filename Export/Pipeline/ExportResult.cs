using EdgeAE.Export.Evaluation;
using EdgeAE.Export.Quantization;
using EdgeAE.Quantization;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Export.Pipeline;

/// <summary>What each stage of <see cref="ExportPipeline"/> did.</summary>
public sealed class ExportResult
{
    public required string OutputPath { get; init; }
    public required BundleManifest Manifest { get; init; }
    /// <summary>True when the input was converted (false: it was a bundle already).</summary>
    public required bool Converted { get; init; }
    /// <summary>Quantization outcome; null for fp32 exports or an input that was int8 already.</summary>
    public QuantizationResult? Quantization { get; init; }
    /// <summary>fp32 vs int8 on the normal (and labelled) data; null without quantization.</summary>
    public ValidationReport? Validation { get; init; }
    public required CalibrationResult Thresholds { get; init; }
    public required int NormalWindows { get; init; }
    /// <summary>Point-wise and event metrics on the labelled data at the alarm level; null without labelled data.</summary>
    public EvaluationResult? Evaluation { get; init; }
    public IReadOnlyList<string> ReportFiles { get; init; } = [];
    public long Bytes { get; init; }
}
