using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// The first step of calibrating a bundle on normal data: the score spec with the per-channel
/// standardization asked for, and the normal windows' scores under it (recomputed from their channel
/// errors by the same <see cref="ChannelScore"/> the scorer runs, so no second scoring pass is needed).
/// Thresholds are then calibrated on those scores.
/// </summary>
public static class ScoreSpecFit
{
    /// <param name="fit">null keeps the bundle's standardization as it is; <see cref="ChannelFitMethod.None"/> removes it.</param>
    public static (ScoreSpec Score, float[] NormalScores) Fit(ScoreSpec current, ScoreSeries normal, ChannelFitMethod? fit)
    {
        if (fit is null) return (current, normal.Scores);
        var spec = new ScoreSpec
        {
            Metric = current.Metric,
            Reduction = current.Reduction,
            TopK = current.TopK,
            SmoothingAlpha = current.SmoothingAlpha,
            ChannelNormalization = fit == ChannelFitMethod.None ? null : ChannelScoreFit.Fit(normal.ChannelErrors, normal.Channels, fit.Value),
        };
        if (spec.ChannelNormalization is null && current.ChannelNormalization is null) return (current, normal.Scores);
        return (spec, ChannelScore.Series(normal.ChannelErrors, normal.Channels, spec));
    }
}
