using System.Globalization;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Device.Dashboard;

/// <summary>Builds the model card from the manifest of the bundle scoring now; the file hash is computed once per file version.</summary>
public sealed class ModelCardBuilder(bool commissioningOnBoard)
{
    private readonly object gate = new();
    private (string Path, DateTime Written, string Sha)? cached;

    public ModelCard Build(BundleManifest m, string? path)
    {
        var t = m.Thresholds;
        var p = m.Provenance;
        return new ModelCard
        {
            Path = path ?? "",
            FileSha256 = path is null ? "" : FileSha(path),
            GraphSha256 = p.GraphSha256,
            Precision = p.Precision == Precision.Int8 ? "int8" : "fp32",
            Window = m.Window,
            Hop = m.Hop,
            Channels = m.Channels,
            Warning = t?.Warning,
            Alarm = t?.Alarm,
            RaiseAfter = t?.RaiseAfter,
            ClearAfter = t?.ClearAfter,
            ThresholdsSetBy = SetBy(t),
            Source = p.Source,
            SourceSha256 = p.SourceSha256,
            ToolVersion = p.ToolVersion,
            CreatedUtc = p.CreatedUtc,
            Quantization = p.Quantization is { } q
                ? string.Create(CultureInfo.InvariantCulture, $"{q.Method} {q.Percentile:G4}, {(q.PerChannel ? "per channel" : "per tensor")}, {q.CalibrationWindows:N0} calibration windows{(q.Excluded.Length > 0 ? $", kept float: {string.Join(", ", q.Excluded)}" : "")}")
                : null,
        };
    }

    private string SetBy(ThresholdSpec? t)
    {
        if (t is null)
            return commissioningOnBoard ? "not yet: commissioning is collecting normal scores on this board" : "none: the bundle has no thresholds (it scores but never alerts)";
        var c = t.Calibration;
        string how = c is null
            ? "given in the bundle (no calibration record)"
            : string.Create(CultureInfo.InvariantCulture,
                $"{c.Method}{(c.Parameters.Count > 0 ? " (" + string.Join(", ", c.Parameters.Select(kv => $"{kv.Key} {kv.Value:G4}")) + ")" : "")} on {c.Windows:N0} normal windows{(c.Reason.Length > 0 ? ": " + c.Reason : "")}");
        if (commissioningOnBoard) how += "; commissioned on this board";
        if (t.Adaptive is { } a) how += string.Create(CultureInfo.InvariantCulture, $"; adaptive ({a.Method}, risk {a.Risk:G3}): the levels in force move with the data");
        return how;
    }

    private string FileSha(string path)
    {
        lock (gate)
        {
            return FileShaLocked(path);
        }
    }

    private string FileShaLocked(string path)
    {
        try
        {
            var written = File.GetLastWriteTimeUtc(path);
            if (cached is { } c && c.Path == path && c.Written == written) return c.Sha;
            string sha = OnnxModelFile.FileSha256(path);
            cached = (path, written, sha);
            return sha;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
