namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>How window decisions become per-row decisions.</summary>
public enum PointRule
{
    /// <summary>SKAB's rule: a row is flagged when every window covering it exceeds its alarm level.</summary>
    AllCoveringWindows,
    /// <summary>A row is flagged when the window ending at it exceeds its alarm level (the device's per-window decision, no hysteresis).</summary>
    WindowEnd,
    /// <summary>A row is flagged while the device's detector is at Alarm after the window ending at it (raise/clear hysteresis included): what the alarm output shows.</summary>
    DetectorLevel,
}
