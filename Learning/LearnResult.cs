using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Learning;

/// <summary>A learned, quantized, calibrated, self-tested bundle (its bytes) and what the run measured.</summary>
public sealed class LearnResult
{
    public required byte[] Bundle { get; init; }
    public required BundleManifest Manifest { get; init; }
    public required CalibrationResult Thresholds { get; init; }
    public required int Rows { get; init; }
    public required string RecordingSha256 { get; init; }
    public required double ValLoss { get; init; }
    public required double BaselineValLoss { get; init; }
    public required int Epochs { get; init; }
    public required int HoldOutWindows { get; init; }
    public required TimeSpan TrainingTime { get; init; }
    public string GraphSha256 => Manifest.Provenance.GraphSha256;
}
