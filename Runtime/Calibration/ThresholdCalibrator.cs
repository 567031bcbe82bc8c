using System.Globalization;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// Turns window scores of normal data (and, for f1, labelled scores) into warning and alarm levels.
/// Pure computation on arrays: the device's commissioning mode and `edgeae calibrate` both call it.
/// </summary>
public static class ThresholdCalibrator
{
    /// <summary>
    /// Calibrates with <paramref name="options"/>. <paramref name="labeled"/> is required for f1;
    /// <see cref="CalibrationOptions.WindowPeriod"/> for far, whose events are simulated with
    /// <paramref name="simulator"/> (default: the runtime's <see cref="Detection.Detector"/>).
    /// Alarm = method threshold × margin; warning = warning-ratio × alarm.
    /// </summary>
    public static CalibrationResult Calibrate(ReadOnlySpan<float> normalScores, CalibrationOptions options,
        LabeledScores? labeled = null, IAlarmEventSimulator? simulator = null)
    {
        options.Validate();
        double[] sorted = Quantiles.SortedFinite(normalScores);
        if (sorted.Length == 0) throw new InputException("no finite normal window scores to calibrate on (is the normal data shorter than one window?)");
        var parameters = new Dictionary<string, double>();
        string n = sorted.Length.ToString("N0", CultureInfo.InvariantCulture);
        double threshold;
        string why;
        switch (options.Method)
        {
            case ThresholdMethod.Quantile:
                threshold = Quantiles.OfSorted(sorted, options.Q);
                parameters["q"] = options.Q;
                why = $"{F(options.Q)}-quantile of {n} normal window scores = {F(threshold)}";
                break;
            case ThresholdMethod.Sigma:
            {
                double mean = RobustStatistics.Mean(sorted), sd = RobustStatistics.StandardDeviation(sorted);
                threshold = mean + options.K * sd;
                parameters["k"] = options.K;
                parameters["mean"] = mean;
                parameters["std"] = sd;
                why = $"mean {F(mean)} + {F(options.K)}·σ {F(sd)} of {n} normal window scores = {F(threshold)}";
                break;
            }
            case ThresholdMethod.Mad:
            {
                double median = RobustStatistics.MedianOfSorted(sorted), mad = RobustStatistics.MadOfSorted(sorted);
                threshold = median + options.K * RobustStatistics.MadToSigma * mad;
                parameters["k"] = options.K;
                parameters["median"] = median;
                parameters["mad"] = mad;
                why = $"median {F(median)} + {F(options.K)}·1.4826·MAD {F(mad)} of {n} normal window scores = {F(threshold)}";
                break;
            }
            case ThresholdMethod.Pot:
            {
                var fit = PeaksOverThreshold.Fit(sorted, options.PotInitialLevel);
                parameters["risk"] = options.Risk;
                parameters["initial_level"] = options.PotInitialLevel;
                parameters["initial_threshold"] = fit.InitialThreshold;
                parameters["gpd_shape"] = fit.Shape;
                parameters["gpd_scale"] = fit.Scale;
                parameters["excesses"] = fit.Excesses;
                if (options.Risk * fit.Samples >= fit.Excesses)
                {
                    threshold = Quantiles.OfSorted(sorted, 1 - options.Risk);
                    why = $"risk {F(options.Risk)} is not beyond the POT initial level {F(options.PotInitialLevel)}, so the empirical {F(1 - options.Risk)}-quantile of {n} normal window scores = {F(threshold)} is used";
                }
                else
                {
                    threshold = fit.QuantileAtRisk(options.Risk);
                    why = $"POT: generalized Pareto (γ = {F(fit.Shape)}, σ = {F(fit.Scale)}) fitted to the {fit.Excesses} of {n} normal window scores above their {F(options.PotInitialLevel)}-quantile {F(fit.InitialThreshold)}; score exceeded with risk {F(options.Risk)} = {F(threshold)}";
                }
                break;
            }
            case ThresholdMethod.F1:
            {
                if (labeled is null) throw new InputException("the f1 method needs labelled scores (data with a label column)");
                var best = BestF1Threshold.Find(labeled.Scores, labeled.Labels);
                threshold = best.Threshold;
                parameters["f1"] = best.F1;
                parameters["precision"] = best.Precision;
                parameters["recall"] = best.Recall;
                why = $"best point-wise F1 {F(best.F1)} (precision {F(best.Precision)}, recall {F(best.Recall)}) on {labeled.Scores.Length:N0} labelled points at threshold {F(threshold)}";
                break;
            }
            case ThresholdMethod.Far:
            {
                var far = FalseAlarmRateThreshold.Find(normalScores, options.WindowPeriod, options.FarPerDay,
                    options.WarningRatio, options.RaiseAfter, options.ClearAfter, simulator ?? DetectorAlarmSimulator.Instance);
                threshold = far.Threshold;
                parameters["far_per_day"] = options.FarPerDay;
                parameters["window_period_s"] = options.WindowPeriod.TotalSeconds;
                parameters["episodes"] = far.Episodes;
                parameters["days"] = far.Days;
                why = $"lowest threshold {F(threshold)} at which {n} normal windows ({F(far.Days * 24)} h at {F(options.WindowPeriod.TotalSeconds)} s per window, raise after {options.RaiseAfter}, clear after {options.ClearAfter}) raise {far.Episodes} alarm episode(s) = {F(far.EpisodesPerDay)}/day ≤ {F(options.FarPerDay)}/day";
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Method, "unknown threshold method");
        }
        if (!double.IsFinite(threshold)) throw new InputException($"{ThresholdMethodNames.Name(options.Method)} calibration gave a non-finite threshold ({threshold})");
        threshold = Math.Max(0, threshold);
        double alarm = threshold * options.Margin;
        if (options.Margin != 1)
        {
            parameters["margin"] = options.Margin;
            why += $"; × margin {F(options.Margin)} = alarm {F(alarm)}";
        }
        parameters["warning_ratio"] = options.WarningRatio;
        double warning = alarm * options.WarningRatio;
        why += $"; warning = {F(options.WarningRatio)} × alarm = {F(warning)}";
        AdaptiveThresholdSpec? adaptive = null;
        if (options.Adaptive is { } a)
        {
            adaptive = AdaptiveThresholdFit.Fit(normalScores, a);
            why += $"; adaptive (DSPOT) level from {adaptive.Observations:N0} windows: local mean of {adaptive.Depth}, risk {F(a.Risk)}, {adaptive.Peaks.Length} initial peaks over t = {F(adaptive.InitialThreshold)}";
        }
        return new CalibrationResult
        {
            Warning = warning,
            Alarm = alarm,
            RaiseAfter = options.RaiseAfter,
            ClearAfter = options.ClearAfter,
            Method = options.Method,
            Parameters = parameters,
            NormalQuantiles = Quantiles.Summary(sorted),
            Windows = sorted.Length,
            Reason = why,
            Adaptive = adaptive,
        };
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
