using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// The lowest alarm threshold at which the normal scores, streamed through the detector with the
/// chosen hysteresis, raise at most N alarm episodes per day of data.
/// </summary>
public static class FalseAlarmRateThreshold
{
    /// <summary>The threshold found and the event count it gives on the normal data.</summary>
    public readonly record struct Result(double Threshold, long Episodes, double Days, double EpisodesPerDay, int Simulations);

    /// <summary>
    /// Candidates are the distinct normal scores (and one step above the maximum, which cannot alarm).
    /// The episode count falls as the threshold rises except for rare hysteresis effects (a higher
    /// threshold can split one long episode into two), so the lowest admissible candidate is found
    /// by bisection over the sorted candidates — O(n log n) simulations of n windows instead of O(n²) —
    /// and then confirmed by simulating the candidates just above it. Bisection starts at the median
    /// score, where real normal data raises many episodes, so it does not land in the degenerate
    /// region far below, where scores hardly ever fall under the warning level and one latched
    /// episode would count as "few alarms".
    /// </summary>
    public static Result Find(ReadOnlySpan<float> scores, TimeSpan windowPeriod, double maxEpisodesPerDay,
        double warningRatio, int raiseAfter, int clearAfter, IAlarmEventSimulator simulator)
    {
        if (!(windowPeriod > TimeSpan.Zero)) throw new InputException($"far calibration needs a positive window period, got {windowPeriod}");
        if (!(maxEpisodesPerDay >= 0) || !double.IsFinite(maxEpisodesPerDay))
            throw new ArgumentOutOfRangeException(nameof(maxEpisodesPerDay), maxEpisodesPerDay, "false alarms per day must be finite and ≥ 0");
        double[] sorted = Quantiles.SortedFinite(scores);
        if (sorted.Length == 0) throw new InputException("far calibration needs normal scores");
        var candidates = new List<double>(sorted.Length + 1);
        foreach (double v in sorted)
            if (candidates.Count == 0 || candidates[^1] != v) candidates.Add(v);
        candidates.Add(Math.BitIncrement(sorted[^1]));

        double days = scores.Length * windowPeriod.TotalDays;
        double budget = maxEpisodesPerDay * days;
        int simulations = 0;
        var scoreArray = scores.ToArray();
        long Count(double threshold)
        {
            simulations++;
            var spec = new ThresholdSpec { Alarm = threshold, Warning = threshold * warningRatio, RaiseAfter = raiseAfter, ClearAfter = clearAfter };
            return simulator.CountAlarmEpisodes(scoreArray, spec, windowPeriod);
        }

        int lo = 0, hi = candidates.Count - 1;
        long hiCount = Count(candidates[hi]);
        if (hiCount > budget)
            throw new InputException($"no threshold keeps the normal data under {maxEpisodesPerDay} alarm episodes per day ({hiCount} episodes above the maximum score)");
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            long c = Count(candidates[mid]);
            if (c <= budget) { hi = mid; hiCount = c; }
            else lo = mid + 1;
        }
        // Guard against the non-monotone case: the answer must also hold for the next few candidates above it.
        const int confirm = 8;
        for (int j = hi + 1; j < Math.Min(candidates.Count, hi + 1 + confirm); j++)
        {
            long c = Count(candidates[j]);
            if (c > budget) hi = j + 1; // the last candidate never alarms, so j + 1 exists
            else if (j == hi) hiCount = c;
        }
        return new Result(candidates[hi], hiCount, days, days > 0 ? hiCount / days : 0, simulations);
    }
}
