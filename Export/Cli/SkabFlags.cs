using System.CommandLine;
using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Training;

namespace EdgeAE.Export.Cli;

/// <summary>
/// The flags of `edgeae bench skab` that make up one configuration of the protocol
/// (<see cref="SkabOptions"/>), shared by the command line and the lines of a tuning grid file.
/// </summary>
public sealed class SkabFlags
{
    private static readonly SkabOptions D = new();
    private readonly Option<string> precision = Choice("--precision", "fp32 | int8 | both", "both", "fp32", "int8", "both");
    private readonly Option<int> jobs = new("--jobs") { Description = "Files processed in parallel (each trains on one thread)", DefaultValueFactory = _ => Environment.ProcessorCount };
    private readonly Option<ulong> seed = new("--seed") { Description = "Training seed (same for every file)", DefaultValueFactory = _ => D.Training.Seed };
    private readonly Option<string> variant = Choice("--variant", "plain | denoising", D.Training.Variant == Variant.Denoising ? "denoising" : "plain", "plain", "denoising");
    private readonly Option<double> noise = new("--noise") { Description = "denoising: Gaussian input noise std (normalized units)", DefaultValueFactory = _ => D.Training.NoiseStd };
    private readonly Option<string> arch = Choice("--arch", "Architecture: conv1d (the leaderboard's Conv-AE) | dense", D.Training.Arch == Architecture.Dense ? "dense" : "conv1d", "conv1d", "dense");
    private readonly Option<string> activation = Choice("--activation", "Hidden activation: relu | tanh", D.Training.Activation == HiddenActivation.Tanh ? "tanh" : "relu", "relu", "tanh");
    private readonly Option<int> window = new("--window") { Description = "Window length in rows", DefaultValueFactory = _ => D.Training.Window };
    private readonly Option<string> method = Choice("--method", "Threshold method on the training rows' scores: quantile | sigma | mad | pot", ThresholdMethodNames.Name(D.Calibration.Method), "quantile", "sigma", "mad", "pot");
    private readonly Option<double> q = new("--q") { Description = "quantile: level", DefaultValueFactory = _ => D.Calibration.Q };
    private readonly Option<double> k = new("--k") { Description = "sigma, mad: multiplier", DefaultValueFactory = _ => D.Calibration.K };
    private readonly Option<double> risk = new("--risk") { Description = "pot: risk", DefaultValueFactory = _ => D.Calibration.Risk };
    private readonly Option<double> margin = new("--margin") { Description = "Alarm = method threshold × margin", DefaultValueFactory = _ => D.Calibration.Margin };
    private readonly Option<double> smoothing = new("--smoothing") { Description = "EWMA factor of the window score in (0, 1] (1 = none)", DefaultValueFactory = _ => D.SmoothingAlpha };
    private readonly Option<string> rule = Choice("--rule", "Window→point rule: all (every covering window exceeds, SKAB) | end (window ending at the row) | level (the device's alarm output, with hysteresis)", RuleName(D.PointRule), "all", "end", "level");
    private readonly Option<string> metric = Choice("--metric", "Window error: mae | mse", D.Training.ScoreMetric == ErrorMetric.Mae ? "mae" : "mse", "mae", "mse");
    private readonly Option<string[]> stages = ScoreRecipeOptions.Stages();
    private readonly Option<string> reduction = ScoreRecipeOptions.Reduction(ScoreRecipeOptions.Name(D.Training.Reduction));
    private readonly Option<int> topK = ScoreRecipeOptions.TopK(Math.Max(1, D.Training.TopK));
    private readonly Option<string> channelFit = ScoreRecipeOptions.ChannelFit(ScoreRecipeOptions.Name(D.ChannelFit));
    private readonly Option<string> adaptive = ScoreRecipeOptions.Adaptive(D.Calibration.Adaptive is null ? "none" : "dspot");
    private readonly Option<double> adaptiveRisk = ScoreRecipeOptions.AdaptiveRisk((D.Calibration.Adaptive ?? new()).Risk);
    private readonly Option<int> adaptiveDepth = ScoreRecipeOptions.AdaptiveDepth((D.Calibration.Adaptive ?? new()).Depth);
    private readonly Option<double> adaptiveLevel = ScoreRecipeOptions.AdaptiveLevel((D.Calibration.Adaptive ?? new()).InitialLevel);
    private readonly Option<int> raiseAfter = new("--raise-after") { Description = "Windows over a level before it is raised", DefaultValueFactory = _ => D.Calibration.RaiseAfter };
    private readonly Option<int> clearAfter = new("--clear-after") { Description = "Windows under the warning level before an episode clears", DefaultValueFactory = _ => D.Calibration.ClearAfter };
    private readonly Option<double> warningRatio = new("--warning-ratio") { Description = "Warning = ratio × alarm", DefaultValueFactory = _ => D.Calibration.WarningRatio };
    private readonly Option<double> headroom = new("--headroom") { Description = "int8: widen every calibrated activation range by this factor", DefaultValueFactory = _ => D.Quantization.Headroom };
    private readonly Option<string[]> columns = CommonOptions.Columns();
    private readonly Option<string> exclude = new("--exclude-columns") { Description = "Channels left out when present, comma-separated, or none", DefaultValueFactory = _ => D.ExcludeColumns.Count == 0 ? "none" : string.Join(',', D.ExcludeColumns) };
    private readonly Option<double> slow = new("--slow-channels") { Description = "Per file, leave out channels whose training rows are mostly slow drift: roughness std(diff)/(√2·std) below this (0 = off)", DefaultValueFactory = _ => D.SlowChannelRoughness };
    private readonly Option<string?> cache = new("--model-cache") { Description = "Keep trained models here and reuse them when file and training options are unchanged" };

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[]
        {
            precision, jobs, seed, arch, activation, variant, noise, window, method, q, k, risk, margin, smoothing, rule, metric, stages, reduction, topK, channelFit,
            adaptive, adaptiveRisk, adaptiveDepth, adaptiveLevel, raiseAfter, clearAfter, warningRatio, headroom, columns, exclude, slow, cache,
        })
            command.Options.Add(o);
    }

    /// <summary>The configuration the parsed flags describe (unset flags keep the benchmark defaults); a bad value is a <see cref="UsageException"/>.</summary>
    public SkabOptions ToOptions(ParseResult r)
    {
        var options = D with
        {
            Precisions = r.GetValue(precision) switch { "fp32" => [Precision.Fp32], "int8" => [Precision.Int8], _ => [Precision.Fp32, Precision.Int8] },
            Parallelism = Positive(r.GetValue(jobs), "--jobs"),
            Training = D.Training with
            {
                Seed = r.GetValue(seed),
                Arch = r.GetValue(arch) == "dense" ? Architecture.Dense : Architecture.Conv1D,
                Activation = r.GetValue(activation) == "tanh" ? HiddenActivation.Tanh : HiddenActivation.Relu,
                Window = Positive(r.GetValue(window), "--window"),
                Variant = r.GetValue(variant) == "denoising" ? Variant.Denoising : Variant.Plain,
                NoiseStd = r.GetValue(noise),
                Preprocessing = StageSyntax.ParseOrDefault(r.GetValue(stages), D.Training.Preprocessing),
                Metric = r.GetValue(metric) == "mae" ? ErrorMetric.Mae : ErrorMetric.Mse,
                Reduction = ScoreRecipeOptions.ParseReduction(r.GetValue(reduction)!),
                TopK = r.GetValue(reduction) == "top_k" ? r.GetValue(topK) : 0,
            },
            ChannelFit = ScoreRecipeOptions.ParseChannelFit(r.GetValue(channelFit)!),
            Calibration = D.Calibration with
            {
                Method = ThresholdMethodNames.Parse(r.GetValue(method)!),
                Q = r.GetValue(q),
                K = r.GetValue(k),
                Risk = r.GetValue(risk),
                Margin = r.GetValue(margin),
                RaiseAfter = r.GetValue(raiseAfter),
                ClearAfter = r.GetValue(clearAfter),
                WarningRatio = r.GetValue(warningRatio),
                Adaptive = ScoreRecipeOptions.ParseAdaptive(r, adaptive, adaptiveRisk, adaptiveDepth, adaptiveLevel),
            },
            SmoothingAlpha = r.GetValue(smoothing),
            PointRule = r.GetValue(rule) switch { "end" => PointRule.WindowEnd, "level" => PointRule.DetectorLevel, _ => PointRule.AllCoveringWindows },
            Quantization = D.Quantization with { Headroom = r.GetValue(headroom) },
            ModelCache = r.GetValue(cache),
            ExcludeColumns = r.GetValue(exclude) is { } ex && ex != "none" ? ex.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
            Columns = CommonOptions.ReadOptions(r, columns, null, null).Columns,
            SlowChannelRoughness = r.GetValue(slow),
        };
        options.Calibration.Validate();
        if (!(options.SmoothingAlpha > 0 && options.SmoothingAlpha <= 1)) throw new UsageException($"--smoothing must be in (0, 1], got {options.SmoothingAlpha}");
        if (!(options.Quantization.Headroom >= 1)) throw new UsageException($"--headroom must be ≥ 1, got {options.Quantization.Headroom}");
        return options;
    }

    private static string RuleName(PointRule rule) => rule switch { PointRule.WindowEnd => "end", PointRule.DetectorLevel => "level", _ => "all" };

    private static int Positive(int value, string name) => value >= 1 ? value : throw new UsageException($"{name} must be ≥ 1, got {value}");

    private static Option<string> Choice(string name, string description, string fallback, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
