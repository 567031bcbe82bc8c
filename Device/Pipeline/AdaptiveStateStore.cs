using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Pipeline;

/// <summary>
/// Keeps what the adaptive (DSPOT) threshold has learned across restarts: a state file per bundle
/// graph and starting state (a recalibrated or new model starts from its own manifest, never from
/// another model's state). Saved every <c>Model:AdaptiveStateSeconds</c> of monotonic time from a
/// snapshot taken on the scoring thread and written off it, and once more when the pipeline stops;
/// written to a temporary file, fsynced and renamed, so a crash leaves the old state or the new one.
/// A state that is missing, unreadable or does not fit the bundle is logged and the manifest's
/// starting state is used.
/// </summary>
public sealed class AdaptiveStateStore
{
    private readonly string directory;
    private readonly TimeSpan every;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly object writeGate = new();
    private long lastSave;
    private string? path;

    public AdaptiveStateStore(string directory, TimeSpan every, TimeProvider time, ILogger logger)
    {
        this.directory = directory;
        this.every = every;
        this.time = time;
        this.logger = logger;
        lastSave = time.GetTimestamp();
    }

    /// <summary>Where the current detector's state is kept (null while no adaptive threshold runs).</summary>
    public string? Path => path;

    /// <summary>Binds to a newly armed detector and continues from its saved state if there is one.</summary>
    public void Attach(Bundle bundle, Detector? detector)
    {
        path = null;
        if (detector?.Adaptive is not { } adaptive || bundle.Manifest.Thresholds?.Adaptive is not { } spec) return;
        path = System.IO.Path.Combine(directory, $"adaptive-{Key(bundle.Manifest.Provenance.GraphSha256, spec)}.json");
        if (!File.Exists(path)) return;
        try
        {
            var state = JsonSerializer.Deserialize(File.ReadAllText(path), AdaptiveStateJsonContext.Default.AdaptiveThresholdState)
                ?? throw new JsonException("empty");
            adaptive.Restore(state);
            logger.LogInformation("adaptive threshold: continued from {Path} ({Observations} windows learned, alarm level {Alarm:G4})", path, state.Observations, adaptive.Alarm);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            logger.LogWarning("adaptive threshold: cannot continue from {Path} ({Problem}); starting from the bundle's calibration", path, e.Message);
        }
    }

    /// <summary>Called on the scoring thread: every period, a snapshot is written in the background.</summary>
    public void MaybeSave(Detector? detector)
    {
        if (path is null || detector?.Adaptive is not { } adaptive) return;
        if (time.GetElapsedTime(lastSave) < every) return;
        lastSave = time.GetTimestamp();
        var state = adaptive.Snapshot();
        string target = path;
        ThreadPool.UnsafeQueueUserWorkItem(_ => Write(target, state), null);
    }

    /// <summary>Writes the state now (the pipeline is stopping).</summary>
    public void SaveNow(Detector? detector)
    {
        if (path is null || detector?.Adaptive is not { } adaptive) return;
        Write(path, adaptive.Snapshot());
    }

    private void Write(string target, AdaptiveThresholdState state)
    {
        lock (writeGate)
        {
            try
            {
                Directory.CreateDirectory(directory);
                string temporary = target + ".tmp";
                using (var fs = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    JsonSerializer.Serialize(fs, state, AdaptiveStateJsonContext.Default.AdaptiveThresholdState);
                    fs.Flush(flushToDisk: true);
                }
                File.Move(temporary, target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The state directory may be full or read-only: scoring goes on, the learned state is kept in memory.
                logger.LogWarning("adaptive threshold: cannot save {Path}: {Problem}", target, e.Message);
            }
        }
    }

    /// <summary>The graph and the manifest's starting state identify whose learned state a file holds.</summary>
    private static string Key(string graphSha256, AdaptiveThresholdSpec spec)
    {
        var start = string.Join(";", spec.Method, spec.Risk, spec.Depth, spec.InitialThreshold, spec.Observations, spec.MaxPeaks,
            string.Join(",", spec.Recent), string.Join(",", spec.Peaks));
        string specHash = Sha256.Hex(Encoding.UTF8.GetBytes(start));
        return $"{graphSha256[..Math.Min(12, graphSha256.Length)]}-{specHash[..12]}";
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(AdaptiveThresholdState))]
internal sealed partial class AdaptiveStateJsonContext : JsonSerializerContext;
