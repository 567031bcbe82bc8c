using System.CommandLine;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Export.Cli;

/// <summary>
/// The threshold-calibration flags `calibrate` and `export` share: method and its parameters,
/// warning ratio, margin, hysteresis, per-channel score standardization, the adaptive (DSPOT) alarm
/// level and the input drift monitor. Defaults are the product recipe (<see cref="CalibrationDefaults"/>).
/// </summary>
public sealed class CalibrationFlags
{
    // Not restricted by the parser: ThresholdMethodNames.Parse names the allowed methods in one line.
    private readonly Option<string> method = new("--method") { Description = "quantile | sigma | mad | pot | f1 | far", DefaultValueFactory = _ => ThresholdMethodNames.Name(CalibrationDefaults.Thresholds.Method) };
    private readonly Option<double> q = new("--q") { Description = "quantile: level of the alarm threshold", DefaultValueFactory = _ => CalibrationDefaults.Thresholds.Q };
    private readonly Option<double> k = new("--k") { Description = "sigma, mad: multiplier", DefaultValueFactory = _ => CalibrationDefaults.Thresholds.K };
    private readonly Option<double> risk = new("--risk") { Description = "pot: probability that a normal window exceeds the alarm level", DefaultValueFactory = _ => CalibrationDefaults.Thresholds.Risk };
    private readonly Option<double> potLevel = new("--pot-level") { Description = "pot: level of the initial threshold the tail is fitted above", DefaultValueFactory = _ => CalibrationDefaults.Thresholds.PotInitialLevel };
    private readonly Option<double> farPerDay = new("--far-per-day") { Description = "far: allowed false alarm episodes per day of normal data", DefaultValueFactory = _ => CalibrationDefaults.Thresholds.FarPerDay };
    private readonly Option<double?> samplePeriod = new("--sample-period") { Description = "far: seconds between rows when the data has no time column" };
    private readonly Option<double> warningRatio = new("--warning-ratio") { Description = "warning level = ratio × alarm level", DefaultValueFactory = _ => CalibrationDefaults.Thresholds.WarningRatio };
    private readonly Option<double> margin = new("--margin") { Description = "multiply the method's alarm threshold (SKAB's Conv-AE: 1.3333)", DefaultValueFactory = _ => CalibrationDefaults.Thresholds.Margin };
    private readonly Option<int?> raiseAfter = new("--raise-after") { Description = $"windows over a level before it is raised (default: the bundle's, else {CalibrationDefaults.Thresholds.RaiseAfter})" };
    private readonly Option<int?> clearAfter = new("--clear-after") { Description = $"windows under the warning level before an episode clears (default: the bundle's, else {CalibrationDefaults.Thresholds.ClearAfter})" };
    private readonly Option<string> channelFit = ScoreRecipeOptions.ChannelFitOrKeep(CalibrationDefaults.ChannelFit is { } f ? ScoreRecipeOptions.Name(f) : "keep");
    private readonly Option<string> adaptive = ScoreRecipeOptions.Adaptive(CalibrationDefaults.Thresholds.Adaptive is null ? "none" : "dspot");
    private readonly Option<double> adaptiveRisk = ScoreRecipeOptions.AdaptiveRisk(CalibrationDefaults.Adaptive.Risk);
    private readonly Option<int> adaptiveDepth = ScoreRecipeOptions.AdaptiveDepth(CalibrationDefaults.Adaptive.Depth);
    private readonly Option<double> adaptiveLevel = ScoreRecipeOptions.AdaptiveLevel(CalibrationDefaults.Adaptive.InitialLevel);
    private readonly Option<string> drift = ScoreRecipeOptions.Drift(CalibrationDefaults.Drift is null ? "none" : "page_hinkley");
    private readonly Option<double> driftDelta = ScoreRecipeOptions.DriftDelta((CalibrationDefaults.Drift ?? new()).Delta);
    private readonly Option<double> driftLambda = ScoreRecipeOptions.DriftLambda((CalibrationDefaults.Drift ?? new()).Lambda);

    public Option<string> Method => method;
    public Option<double?> SamplePeriod => samplePeriod;

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[]
        {
            method, q, k, risk, potLevel, farPerDay, samplePeriod, warningRatio, margin, raiseAfter, clearAfter,
            channelFit, adaptive, adaptiveRisk, adaptiveDepth, adaptiveLevel, drift, driftDelta, driftLambda,
        })
            command.Options.Add(o);
    }

    /// <summary>The threshold options; hysteresis falls back to <paramref name="bundle"/>'s, then the defaults. A bad value is a <see cref="UsageException"/>.</summary>
    public CalibrationOptions Thresholds(ParseResult r, Runtime.Bundles.ThresholdSpec? bundle, TimeSpan windowPeriod)
    {
        var options = new CalibrationOptions
        {
            Method = ThresholdMethodNames.Parse(r.GetValue(method)!),
            Q = r.GetValue(q),
            K = r.GetValue(k),
            Risk = r.GetValue(risk),
            PotInitialLevel = r.GetValue(potLevel),
            FarPerDay = r.GetValue(farPerDay),
            WindowPeriod = windowPeriod,
            WarningRatio = r.GetValue(warningRatio),
            Margin = r.GetValue(margin),
            RaiseAfter = r.GetValue(raiseAfter) ?? bundle?.RaiseAfter ?? CalibrationDefaults.Thresholds.RaiseAfter,
            ClearAfter = r.GetValue(clearAfter) ?? bundle?.ClearAfter ?? CalibrationDefaults.Thresholds.ClearAfter,
            Adaptive = ScoreRecipeOptions.ParseAdaptive(r, adaptive, adaptiveRisk, adaptiveDepth, adaptiveLevel),
        };
        // An out-of-range value is an InvalidParameterException naming the property; the CLI prints its flag.
        options.Validate();
        return options;
    }

    /// <summary>null = keep the bundle's per-channel standardization.</summary>
    public ChannelFitMethod? ChannelFit(ParseResult r) => ScoreRecipeOptions.ParseChannelFitOrKeep(r.GetValue(channelFit)!);

    public DriftOptions? Drift(ParseResult r)
    {
        var d = ScoreRecipeOptions.ParseDrift(r, drift, driftDelta, driftLambda);
        try
        {
            d?.Validate();
        }
        catch (InvalidParameterException e)
        {
            // DriftOptions names its own property; here it is set by --drift-<name>.
            throw new InvalidParameterException($"Drift.{e.Parameter}", e.Problem);
        }
        return d;
    }

    private static Option<string> Choice(string name, string description, string fallback, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
