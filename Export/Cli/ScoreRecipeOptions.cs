using System.CommandLine;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Export.Cli;

/// <summary>The score and threshold options `train`, `calibrate` and `bench skab` share: reduction, per-channel fit, adaptive threshold.</summary>
public static class ScoreRecipeOptions
{
    public static Option<string> Reduction(string fallback) => Choice("--reduction",
        "Window score from the channel errors: mean | channel_sum (SKAB's residual) | max | top_k (mean of the --top-k largest)", fallback,
        "mean", "channel_sum", "max", "top_k");

    public static Option<int> TopK(int fallback) => new("--top-k") { Description = "top_k reduction: channels averaged", DefaultValueFactory = _ => fallback };

    public static Option<string[]> Stages() => new("--stage") { Description = StageSyntax.Help, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };

    public static Option<string> ChannelFit(string fallback) => Choice("--channel-fit",
        "Standardize each channel's error by its normal distribution before the reduction: none | mean_std | median_iqr", fallback,
        "none", "mean_std", "median_iqr");

    public static Option<string> Adaptive(string fallback) => Choice("--adaptive",
        "Adaptive alarm level on the device: none | dspot (drift-aware peaks over threshold, learns from windows below the alarm level)", fallback,
        "none", "dspot");

    public static Option<string> Drift(string fallback) => Choice("--drift",
        "Input drift monitor written into the bundle: none | page_hinkley (reference = the normal data's mean and std per channel)", fallback,
        "none", "page_hinkley");

    public static Option<double> DriftDelta(double fallback) => new("--drift-delta") { Description = "page_hinkley: tolerated shift of a channel's mean, in standard deviations of the normal data", DefaultValueFactory = _ => fallback };

    public static Option<double> DriftLambda(double fallback) => new("--drift-lambda") { Description = "page_hinkley: evidence (σ × frames) before drift is declared", DefaultValueFactory = _ => fallback };

    public static DriftOptions? ParseDrift(ParseResult r, Option<string> drift, Option<double> delta, Option<double> lambda) =>
        r.GetValue(drift) == "page_hinkley" ? new DriftOptions { Delta = r.GetValue(delta), Lambda = r.GetValue(lambda) } : null;

    /// <summary>"keep" (leave the bundle's) → null.</summary>
    public static ChannelFitMethod? ParseChannelFitOrKeep(string value) => value == "keep" ? null : ParseChannelFit(value);

    public static Option<string> ChannelFitOrKeep(string fallback) => Choice("--channel-fit",
        "Standardize each channel's error by its normal distribution before the reduction: keep (the bundle's) | none | mean_std | median_iqr", fallback,
        "keep", "none", "mean_std", "median_iqr");

    public static Option<double> AdaptiveRisk(double fallback) => new("--adaptive-risk") { Description = "dspot: probability that a normal window's excess over the local mean exceeds the alarm level", DefaultValueFactory = _ => fallback };

    public static Option<int> AdaptiveDepth(int fallback) => new("--adaptive-depth") { Description = "dspot: normal windows in the local mean (the drift component)", DefaultValueFactory = _ => fallback };

    public static Option<double> AdaptiveLevel(double fallback) => new("--adaptive-level") { Description = "dspot: quantile level of the initial threshold the tail is fitted above", DefaultValueFactory = _ => fallback };

    public static ScoreReduction ParseReduction(string value) => value switch
    {
        "channel_sum" => ScoreReduction.ChannelSum,
        "max" => ScoreReduction.Max,
        "top_k" => ScoreReduction.TopK,
        _ => ScoreReduction.Mean,
    };

    public static string Name(ScoreReduction r) => r switch
    {
        ScoreReduction.ChannelSum => "channel_sum",
        ScoreReduction.Max => "max",
        ScoreReduction.TopK => "top_k",
        _ => "mean",
    };

    public static ChannelFitMethod ParseChannelFit(string value) => value switch
    {
        "mean_std" => ChannelFitMethod.MeanStd,
        "median_iqr" => ChannelFitMethod.MedianIqr,
        _ => ChannelFitMethod.None,
    };

    public static string Name(ChannelFitMethod m) => m switch
    {
        ChannelFitMethod.MeanStd => "mean_std",
        ChannelFitMethod.MedianIqr => "median_iqr",
        _ => "none",
    };

    /// <summary>The adaptive options from the parsed flags, or null for --adaptive none.</summary>
    public static AdaptiveThresholdOptions? ParseAdaptive(ParseResult r, Option<string> adaptive, Option<double> risk, Option<int> depth, Option<double> level) =>
        r.GetValue(adaptive) == "dspot"
            ? new AdaptiveThresholdOptions { Risk = r.GetValue(risk), Depth = r.GetValue(depth), InitialLevel = r.GetValue(level) }
            : null;

    private static Option<string> Choice(string name, string description, string fallback, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
