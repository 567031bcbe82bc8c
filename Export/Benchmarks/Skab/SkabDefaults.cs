using EdgeAE.Quantization;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Training;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>
/// The benchmark runs the product recipe: `edgeae train`'s defaults (<see cref="TrainingOptions"/>:
/// the leaderboard's Conv-AE network on 30-row windows with the recipe's preprocessing, mae error,
/// top-2 reduction) and the calibration defaults (<see cref="CalibrationDefaults"/>: 0.999-quantile ×
/// 4/3, median/IQR channel standardization, DSPOT, raise after 3 / clear after 3), judged by the
/// device's alarm output. Only what the protocol itself fixes is set here: one seed and one training
/// thread per file. The earlier recipe (60-row windows, channel-sum residual, slow channels left out)
/// is `--window 60 --stage none --reduction channel_sum --channel-fit none --adaptive none
/// --raise-after 1 --clear-after 1 --rule end --slow-channels 0.5`.
/// </summary>
public static class SkabDefaults
{
    public const ulong Seed = 1;

    public static TrainingOptions Training { get; } = new() { Seed = Seed, Threads = 1 };

    public static QuantizationOptions Quantization { get; } = new();

    public static CalibrationOptions Calibration { get; } = CalibrationDefaults.Thresholds;

    public const double SmoothingAlpha = 1.0;

    public static ChannelFitMethod ChannelFit { get; } = CalibrationDefaults.ChannelFit ?? ChannelFitMethod.None;

    /// <summary>Channels always left out: none.</summary>
    public static IReadOnlyList<string> ExcludeColumns { get; } = [];

    /// <summary>
    /// The slow-channel screen (<see cref="Runtime.Streaming.Preprocessing.SlowChannels"/>) that left out
    /// channels whose training rows are mostly drift: off. It was designed after seeing SKAB's thermal
    /// channels and left out different channels on unseen files; the recipe's stages difference those
    /// channels instead of dropping them. `--slow-channels 0.5` restores it.
    /// </summary>
    public const double SlowChannelRoughness = 0;

    /// <summary>A row is flagged while the device's alarm output is on (detector level with hysteresis).</summary>
    public const PointRule Rule = PointRule.DetectorLevel;
}
