using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;

namespace EdgeAE.Runtime.Detection;

/// <summary>
/// A drift-aware peaks-over-threshold alarm level (DSPOT, Siffer et al., "Anomaly Detection in
/// Streams with Extreme Value Theory", KDD 2017, Algorithm 3 with bounded memory).
/// <para>
/// Each score X is compared with the local mean M of the last d normal scores (the drift
/// component): X′ = X − M. Excesses of X′ over a fixed initial threshold t are peaks, to which a
/// generalized Pareto distribution is fitted; the alarm level is M + z_q, where z_q is the X′
/// exceeded with probability q. A window whose X′ exceeds z_q is an anomaly and teaches nothing;
/// every other window moves M, and a peak also joins the tail fit. So the level follows slow
/// drift of the normal scores but never learns from the anomalies it raises.
/// </para>
/// <para>
/// Bounded memory: the last <c>max_peaks</c> peaks are kept (a ring); when the ring has wrapped,
/// n counts the observations since the oldest kept peak, so N_t/n stays the tail fraction of the
/// same stretch of time. The GPD is refitted after every <c>refit_every</c> new peaks. No
/// allocation after construction.
/// </para>
/// </summary>
public sealed class AdaptiveThreshold
{
    private readonly double risk;
    private readonly double t;
    private readonly double warningRatio;
    private readonly int refitEvery;
    private readonly double[] recent;      // ring of the last d normal scores
    private readonly double[] peaks;       // ring of excesses over t
    private readonly long[] peakAt;        // observation number of each peak
    private readonly double[] sortedPeaks; // fit input: sorted, so the fit does not depend on the ring's layout
    private int recentCount, recentNext;
    private double recentSum;
    private int peakCount, peakNext;
    private long observations;
    private int sinceRefit;
    private double zq;

    public AdaptiveThreshold(AdaptiveThresholdSpec spec)
    {
        risk = spec.Risk;
        t = spec.InitialThreshold;
        warningRatio = spec.WarningRatio;
        refitEvery = spec.RefitEvery;
        recent = new double[spec.Depth];
        peaks = new double[spec.MaxPeaks];
        peakAt = new long[spec.MaxPeaks];
        sortedPeaks = new double[spec.MaxPeaks];
        foreach (double x in spec.Recent) PushRecent(x);
        // The calibration's peaks are spread over its observations in order.
        long n0 = spec.Observations;
        for (int i = 0; i < spec.Peaks.Length; i++) PushPeak(spec.Peaks[i], n0 * (i + 1) / spec.Peaks.Length);
        observations = n0;
        Refit();
    }

    /// <summary>M, the mean of the last d normal scores.</summary>
    public double LocalMean => recentCount == 0 ? 0 : recentSum / recentCount;

    /// <summary>z_q, the current alarm excess over the local mean.</summary>
    public double AlarmExcess => zq;

    public double Alarm => LocalMean + zq;
    public double Warning => LocalMean + warningRatio * zq;
    public int Peaks => peakCount;
    public long Observations => observations;

    /// <summary>Times the GPD fit ran (diagnostics: the cost of adaptation).</summary>
    public long Refits { get; private set; }

    /// <summary>
    /// Feeds one window score, after it has been judged against <see cref="Alarm"/>. Returns false
    /// (and learns nothing) when the score is above the alarm level or not finite.
    /// </summary>
    public bool Update(double score)
    {
        if (!double.IsFinite(score)) return false;
        double excess = score - LocalMean;
        if (excess > zq) return false;
        observations++;
        if (excess > t)
        {
            PushPeak(excess - t, observations);
            if (++sinceRefit >= refitEvery) Refit();
        }
        PushRecent(score);
        return true;
    }

    /// <summary>The learned state, to persist across restarts (allocates: call it rarely).</summary>
    public AdaptiveThresholdState Snapshot()
    {
        var r = new double[recentCount];
        for (int i = 0; i < recentCount; i++) r[i] = recent[(recentNext - recentCount + i + recent.Length) % recent.Length];
        var p = new double[peakCount];
        var at = new long[peakCount];
        for (int i = 0; i < peakCount; i++)
        {
            int j = (peakNext - peakCount + i + peaks.Length) % peaks.Length;
            p[i] = peaks[j];
            at[i] = peakAt[j];
        }
        return new AdaptiveThresholdState { Recent = r, RecentSum = recentSum, Peaks = p, PeakAt = at, Observations = observations, SinceRefit = sinceRefit, AlarmExcess = zq };
    }

    /// <summary>Continues from a persisted state (same spec); throws <see cref="ArgumentException"/> when it does not fit this spec.</summary>
    public void Restore(AdaptiveThresholdState state)
    {
        if (state.Recent.Length > recent.Length || state.Peaks.Length > peaks.Length || state.PeakAt.Length != state.Peaks.Length || state.Peaks.Length == 0)
            throw new ArgumentException("adaptive threshold state does not fit the bundle's depth and peak capacity");
        if (!double.IsFinite(state.AlarmExcess) || state.Observations < state.Peaks.Length)
            throw new ArgumentException("adaptive threshold state is inconsistent");
        foreach (double x in state.Recent)
            if (!double.IsFinite(x)) throw new ArgumentException("adaptive threshold state has a non-finite score");
        foreach (double y in state.Peaks)
            if (!(y > 0) || !double.IsFinite(y)) throw new ArgumentException("adaptive threshold state has an invalid peak");
        recentCount = recentNext = 0;
        recentSum = 0;
        peakCount = peakNext = 0;
        foreach (double x in state.Recent) PushRecent(x);
        // The running sum carries its own rounding history: restore it so the continuation is bit-identical.
        if (double.IsFinite(state.RecentSum) && Math.Abs(state.RecentSum - recentSum) <= 1e-9 * Math.Max(1, Math.Abs(recentSum))) recentSum = state.RecentSum;
        for (int i = 0; i < state.Peaks.Length; i++) PushPeak(state.Peaks[i], state.PeakAt[i]);
        observations = state.Observations;
        sinceRefit = state.SinceRefit;
        zq = state.AlarmExcess;
    }

    private void PushRecent(double x)
    {
        if (recentCount == recent.Length) recentSum -= recent[recentNext];
        else recentCount++;
        recent[recentNext] = x;
        recentSum += x;
        recentNext = recentNext + 1 == recent.Length ? 0 : recentNext + 1;
    }

    private void PushPeak(double excess, long at)
    {
        peaks[peakNext] = excess;
        peakAt[peakNext] = at;
        peakNext = peakNext + 1 == peaks.Length ? 0 : peakNext + 1;
        if (peakCount < peaks.Length) peakCount++;
    }

    private void Refit()
    {
        sinceRefit = 0;
        if (peakCount < PeaksOverThreshold.MinExcesses && Refits > 0) return;
        Refits++;
        // n: all observations until the ring wraps, then those since the oldest kept peak.
        long n = peakCount < peaks.Length ? observations : observations - peakAt[peakNext] + 1;
        var fitInput = sortedPeaks.AsSpan(0, peakCount);
        peaks.AsSpan(0, peakCount).CopyTo(fitInput);
        fitInput.Sort();
        var (shape, scale, _) = PeaksOverThreshold.FitExcesses(fitInput);
        var fit = new GeneralizedParetoFit(t, 0, shape, scale, peakCount, (int)Math.Min(n, int.MaxValue), 0);
        double r = risk * n / peakCount;
        // Risk not beyond the initial level (few observations): the level is at least t.
        zq = r >= 1 ? t : Math.Max(t, fit.QuantileAtRisk(risk));
    }
}
