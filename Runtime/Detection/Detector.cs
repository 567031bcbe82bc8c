using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Detection;

/// <summary>
/// Turns window scores into Normal / Warning / Alarm with hysteresis: a level is raised after
/// <c>raise_after</c> consecutive windows above it, an episode clears after <c>clear_after</c>
/// consecutive windows at or below the warning level. Alarm does not fall back to Warning; it
/// clears. Non-finite scores are ignored (counted by the scorer), never treated as anomalies.
/// With <c>thresholds.adaptive</c> the levels come from an <see cref="AdaptiveThreshold"/> that each
/// window is judged against first and then, if it is below the alarm level, taught with.
/// </summary>
public sealed class Detector
{
    private readonly double warning;
    private readonly double alarm;
    private readonly AdaptiveThreshold? adaptive;
    private readonly int raiseAfter;
    private readonly int clearAfter;
    private readonly double[] channelWeight;
    private int overWarning;
    private int overAlarm;
    private int under;
    private DateTime runStart;
    private DateTime episodeStart;
    private float peak;
    private long episodeWindows;

    /// <param name="useAdaptive">false ignores <c>thresholds.adaptive</c> and keeps the static levels.</param>
    public Detector(ThresholdSpec spec, int channels, bool useAdaptive = true)
    {
        warning = spec.Warning;
        alarm = spec.Alarm;
        if (useAdaptive && spec.Adaptive is { } a) adaptive = new AdaptiveThreshold(a);
        raiseAfter = spec.RaiseAfter;
        clearAfter = spec.ClearAfter;
        channelWeight = new double[channels];
    }

    public AlertLevel Level { get; private set; }
    /// <summary>The warning level the next window is judged against.</summary>
    public double WarningLevel => adaptive?.Warning ?? warning;
    /// <summary>The alarm level the next window is judged against.</summary>
    public double AlarmLevel => adaptive?.Alarm ?? alarm;
    /// <summary>The adaptive threshold, when the bundle has one and it is in use.</summary>
    public AdaptiveThreshold? Adaptive => adaptive;

    /// <summary>Feeds one window; returns true and the event when the level changed.</summary>
    public bool Update(float score, DateTime windowStart, DateTime windowEnd, ReadOnlySpan<float> contributions, out DetectorEvent e)
    {
        e = default;
        if (!float.IsFinite(score)) return false;

        bool aboveWarning = score > WarningLevel;
        bool aboveAlarm = score > AlarmLevel;
        adaptive?.Update(score);
        if (aboveWarning)
        {
            if (overWarning == 0 && Level == AlertLevel.Normal)
            {
                runStart = windowStart;
                Array.Clear(channelWeight);
                peak = 0;
                episodeWindows = 0;
            }
            overWarning++;
            under = 0;
        }
        else
        {
            overWarning = 0;
            under++;
        }
        overAlarm = aboveAlarm ? overAlarm + 1 : 0;

        if (aboveWarning || Level != AlertLevel.Normal)
        {
            episodeWindows++;
            if (score > peak) peak = score;
            for (int c = 0; c < channelWeight.Length && c < contributions.Length; c++)
                channelWeight[c] += contributions[c] * (double)score;
        }

        var previous = Level;
        switch (Level)
        {
            case AlertLevel.Normal when overAlarm >= raiseAfter:
                Level = AlertLevel.Alarm;
                episodeStart = runStart;
                e = Make(DetectorEventKind.Raised, previous, windowEnd, score);
                return true;
            case AlertLevel.Normal when overWarning >= raiseAfter:
                Level = AlertLevel.Warning;
                episodeStart = runStart;
                e = Make(DetectorEventKind.Raised, previous, windowEnd, score);
                return true;
            case AlertLevel.Warning when overAlarm >= raiseAfter:
                Level = AlertLevel.Alarm;
                e = Make(DetectorEventKind.Escalated, previous, windowEnd, score);
                return true;
            case AlertLevel.Warning or AlertLevel.Alarm when under >= clearAfter:
                Level = AlertLevel.Normal;
                e = Make(DetectorEventKind.Cleared, previous, windowEnd, score);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Back to Normal without an event (e.g. after a model swap or a sensor fault).</summary>
    public void Reset()
    {
        Level = AlertLevel.Normal;
        overWarning = overAlarm = under = 0;
        peak = 0;
        episodeWindows = 0;
        Array.Clear(channelWeight);
    }

    private DetectorEvent Make(DetectorEventKind kind, AlertLevel previous, DateTime at, float score)
    {
        TopThree(out int t1, out int t2, out int t3);
        return new DetectorEvent(kind, Level, previous, episodeStart, at, peak, score, episodeWindows, t1, t2, t3);
    }

    private void TopThree(out int first, out int second, out int third)
    {
        first = second = third = -1;
        for (int c = 0; c < channelWeight.Length; c++)
        {
            double w = channelWeight[c];
            if (w <= 0) continue;
            if (first < 0 || w > channelWeight[first]) { third = second; second = first; first = c; }
            else if (second < 0 || w > channelWeight[second]) { third = second; second = c; }
            else if (third < 0 || w > channelWeight[third]) third = c;
        }
    }
}
