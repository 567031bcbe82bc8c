using EdgeAE.Export.Quantization;
using EdgeAE.Export.Training;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>
/// The benchmark's fixed defaults. The starting point is the leaderboard's Conv-AE recipe (60×8
/// windows at stride 1, Conv1D 32/16 k7 s2 with transposed-conv decoder, Adam 1e-3, batch 32,
/// ≤ 100 epochs with early stopping, residual = mean over time of |x − x̂| summed over channels,
/// threshold = 0.999-quantile of the training residuals × 4/3).
/// </summary>
public static class SkabDefaults
{
    public const ulong Seed = 1;

    public static TrainingOptions Training { get; } = new()
    {
        Arch = Architecture.Conv1D,
        Window = 60,
        Hop = 1,
        Kernel = 7,
        Metric = ErrorMetric.Mae,
        Reduction = ScoreReduction.ChannelSum,
        Epochs = 100,
        BatchSize = 32,
        LearningRate = 1e-3f,
        Patience = 10,
        Seed = Seed,
        Threads = 1,
    };

    public static QuantizationOptions Quantization { get; } = new();

    public static CalibrationOptions Calibration { get; } = new()
    {
        Method = ThresholdMethod.Quantile,
        Q = 0.999,
        Margin = 4.0 / 3.0,
    };

    public const double SmoothingAlpha = 1.0;

    /// <summary>Every sensor channel of the file.</summary>
    public static IReadOnlyList<string>? Columns => null;
}
