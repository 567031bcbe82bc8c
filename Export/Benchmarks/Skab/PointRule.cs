namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>How window scores become per-row decisions.</summary>
public enum PointRule
{
    /// <summary>SKAB's rule: a row is flagged when every window covering it exceeds the threshold.</summary>
    AllCoveringWindows,
    /// <summary>The device's view: a row is flagged when the window ending at it exceeds the threshold.</summary>
    WindowEnd,
}
