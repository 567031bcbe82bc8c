using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Training;

/// <summary>A trained, exported, manifest-stamped float bundle and how training went.</summary>
public sealed class TrainingResult
{
    public required ModelProto Model { get; init; }
    public required BundleManifest Manifest { get; init; }
    /// <summary>Reconstruction loss (training loss function, normalized units) of the restored best weights on the validation windows.</summary>
    public required double ValLoss { get; init; }
    /// <summary>The same loss when predicting each channel's training mean for every value of the validation windows.</summary>
    public required double BaselineValLoss { get; init; }
    public required double TrainLoss { get; init; }
    /// <summary>Epochs run (early stopping may end before the budget).</summary>
    public required int Epochs { get; init; }
    /// <summary>1-based epoch whose weights were kept.</summary>
    public required int BestEpoch { get; init; }
    public required double WindowsPerSecond { get; init; }
    public required int TrainWindows { get; init; }
    public required int ValWindows { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required IReadOnlyList<EpochReport> History { get; init; }
    public string GraphSha256 => Manifest.Provenance.GraphSha256;

    /// <summary>Writes the bundle (atomically).</summary>
    public void Save(string path) => OnnxModelIO.Save(Model, path);
}
