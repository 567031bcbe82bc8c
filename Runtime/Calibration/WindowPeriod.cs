using EdgeAE.Runtime.Data;

namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// Time between successive windows (row period × hop), which the far method needs to turn window
/// counts into alarms per day. Every calibrating caller derives it the same way, so it lives here.
/// </summary>
public static class WindowPeriod
{
    /// <summary>
    /// The table's own sample period (from its time column), else <paramref name="rowPeriod"/>, times
    /// the hop; zero when neither is known.
    /// </summary>
    public static TimeSpan Of(SensorTable table, int hop, TimeSpan? rowPeriod = null) =>
        (table.SamplePeriod() ?? rowPeriod ?? TimeSpan.Zero) * hop;

    /// <summary>Seconds as given on a command line (--sample-period), or null.</summary>
    public static TimeSpan? Seconds(double? seconds) => seconds is double s ? TimeSpan.FromSeconds(s) : null;
}
