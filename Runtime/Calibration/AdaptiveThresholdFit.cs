using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// DSPOT's initialisation (Siffer et al., KDD 2017) on a sequence of normal window scores, in time
/// order: the first d scores seed the local mean; each later score X gives X′ = X − M (M the mean
/// of the d scores before it); t is the initial-level quantile of the X′, and the excesses over t
/// are the initial peaks. The result goes into the manifest, where the device's
/// <see cref="Detection.AdaptiveThreshold"/> starts from it.
/// </summary>
public static class AdaptiveThresholdFit
{
    public static AdaptiveThresholdSpec Fit(ReadOnlySpan<float> normalScores, AdaptiveThresholdOptions options)
    {
        options.Validate();
        var scores = new List<double>(normalScores.Length);
        foreach (float s in normalScores)
            if (float.IsFinite(s)) scores.Add(s);
        int depth = Math.Min(options.Depth, scores.Count / 2);
        int m = scores.Count - depth;
        int needed = 2 * PeaksOverThreshold.MinExcesses;
        if (depth < 1 || m < needed)
            throw new InputException(
                $"the adaptive threshold needs at least {needed + Math.Max(1, Math.Min(options.Depth, needed))} finite normal window scores, got {scores.Count}");

        var detrended = new double[m];
        double sum = 0;
        for (int i = 0; i < depth; i++) sum += scores[i];
        for (int i = depth; i < scores.Count; i++)
        {
            detrended[i - depth] = scores[i] - sum / depth;
            sum += scores[i] - scores[i - depth];
        }
        // Enough peaks for a fit even on short calibration data: lower the level if it must.
        double level = Math.Min(options.InitialLevel, 1 - (double)PeaksOverThreshold.MinExcesses / m);
        var sorted = detrended.ToArray();
        Array.Sort(sorted);
        double t = Quantiles.OfSorted(sorted, level);
        var peaks = detrended.Where(x => x > t).Select(x => x - t).ToArray();
        if (peaks.Length < PeaksOverThreshold.MinExcesses)
            throw new InputException(
                $"the adaptive threshold found only {peaks.Length} normal scores above their {level:G4}-quantile (the scores have too many ties); at least {PeaksOverThreshold.MinExcesses} are needed");
        if (peaks.Length > options.MaxPeaks) peaks = peaks[^options.MaxPeaks..];
        return new AdaptiveThresholdSpec
        {
            Risk = options.Risk,
            Depth = options.Depth,
            InitialLevel = level,
            MaxPeaks = options.MaxPeaks,
            RefitEvery = options.RefitEvery,
            WarningRatio = options.WarningRatio,
            InitialThreshold = t,
            Observations = m,
            Recent = scores.Skip(scores.Count - depth).ToArray(),
            Peaks = peaks,
        };
    }
}
