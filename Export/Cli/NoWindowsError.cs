using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Cli;

/// <summary>The one-line reason recorded data gave no window: too few rows, or rows rejected (and why).</summary>
public static class NoWindowsError
{
    public static InputException For(string path, SensorTable table, ScoreSeries series, BundleManifest m, string purpose = "to score")
    {
        long rejected = series.FramesRejected;
        long accepted = table.Rows - rejected;
        return rejected > 0
            ? new InputException(path, $"no window {purpose}: {rejected} of {table.Rows} rows rejected for a NaN or infinite value (--hold-last repairs them), {accepted} accepted, a window needs {m.Window}")
            : new InputException(path, $"no window {purpose}: {table.Rows} rows, a window needs {m.Window}");
    }
}
