using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;

namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// Counts alarm episodes with the device's own <see cref="Detector"/>: an episode counts once when
/// it reaches Alarm (raised straight to Alarm, or escalated from Warning).
/// </summary>
public sealed class DetectorAlarmSimulator : IAlarmEventSimulator
{
    public static DetectorAlarmSimulator Instance { get; } = new();

    public long CountAlarmEpisodes(ReadOnlySpan<float> scores, ThresholdSpec spec, TimeSpan windowPeriod)
    {
        var detector = new Detector(spec, channels: 0);
        var t = DateTime.UnixEpoch;
        long episodes = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            var end = t + windowPeriod;
            if (detector.Update(scores[i], t, end, ReadOnlySpan<float>.Empty, out var e)
                && e.Level == AlertLevel.Alarm && e.Kind is DetectorEventKind.Raised or DetectorEventKind.Escalated)
                episodes++;
            t = end;
        }
        return episodes;
    }
}
