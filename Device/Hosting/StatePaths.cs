namespace EdgeAE.Device.Hosting;

/// <summary>
/// Where the daemon writes. Under systemd, StateDirectory=edgeae sets $STATE_DIRECTORY
/// (/var/lib/edgeae); run by hand, state goes to ./edgeae-state in the working directory.
/// </summary>
public static class StatePaths
{
    public static string Root =>
        Environment.GetEnvironmentVariable("STATE_DIRECTORY") is { Length: > 0 } dir
            ? dir.Split(':')[0]
            : Path.Combine(Environment.CurrentDirectory, "edgeae-state");

    public static string Journal(string configured) => string.IsNullOrWhiteSpace(configured) ? Path.Combine(Root, "journal") : Path.GetFullPath(configured);

    /// <summary>Optimized-model cache (Model:OptimizedModelCache): the daemon's own, never beside the bundle.</summary>
    public static string ModelCache => Path.Combine(Root, "model-cache");

    /// <summary>The adaptive thresholds' learned state, one file per bundle.</summary>
    public static string Adaptive(string configured) => string.IsNullOrWhiteSpace(configured) ? Path.Combine(Root, "adaptive") : Path.GetFullPath(configured);

    /// <summary>On-board learning: the recording and the learned bundle (Model:Learn:Directory).</summary>
    public static string Learn(string configured) => string.IsNullOrWhiteSpace(configured) ? Path.Combine(Root, "learn") : Path.GetFullPath(configured);

    public static string Commissioning(string configured) => string.IsNullOrWhiteSpace(configured) ? Path.Combine(Root, "commissioning") : Path.GetFullPath(configured);
}
