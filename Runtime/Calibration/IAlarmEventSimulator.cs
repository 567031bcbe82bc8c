using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Calibration;

/// <summary>Replays a score sequence through a detector configured with <paramref name="spec"/> and counts alarm episodes.</summary>
public interface IAlarmEventSimulator
{
    /// <summary>
    /// Number of episodes that reach the alarm level when <paramref name="scores"/> (consecutive
    /// windows, <paramref name="windowPeriod"/> apart) stream through a detector with these thresholds and hysteresis.
    /// </summary>
    long CountAlarmEpisodes(ReadOnlySpan<float> scores, ThresholdSpec spec, TimeSpan windowPeriod);
}
