using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeAE.Device.Options;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Scoring;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Commissioning;

/// <summary>
/// Commissioning: for Model:Commissioning:Duration of stream time the device scores without alarming
/// and keeps every window score; then the Runtime's <see cref="ThresholdCalibrator"/> turns them into
/// warning/alarm levels and the device arms. Scores (float32 file) and progress (state.json, replaced
/// atomically) are flushed every second, so a restart mid-way continues; once calibrated, the
/// thresholds in state.json arm the same model on every later start. Stream time comes from window
/// timestamps, which live sources take from the monotonic <see cref="Pipeline.StreamClock"/>, so a wall
/// clock jump neither ends commissioning early nor stalls it. A full disk or read-only state directory
/// is logged once and commissioning goes on in memory (and arms), retrying the files every flush.
/// </summary>
public sealed class CommissioningSession : ICommissioning, IDisposable
{
    private const string StateFile = "state.json";
    private const string ScoresFile = "scores.f32";

    private readonly CommissioningOptions options;
    private readonly string directory;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly List<float> scores = new();
    private readonly List<double> gaps = new();
    private CommissioningState state = new();
    private FileStream? scoreFile;
    private int unflushed;
    private long lastFlush;
    private string? storageProblem;
    private DateTime lastEnd;
    private ThresholdSpec? ready;
    private int lastDecile;
    private long retryAt;

    public CommissioningSession(CommissioningOptions options, string directory, ILogger logger, TimeProvider? time = null)
    {
        this.options = options;
        this.directory = directory;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
        lastFlush = this.time.GetTimestamp();
        Persist(() => Directory.CreateDirectory(directory));
    }

    /// <summary>Why the state files cannot be written right now (null when they can).</summary>
    public string? StorageProblem => storageProblem;

    public bool Armed => state.Thresholds is not null;
    public double Progress => Math.Min(1, state.ElapsedSeconds / options.Duration.TotalSeconds);
    public long ScoresCollected => scores.Count;
    public string StatePath => Path.Combine(directory, StateFile);

    public void Attach(StreamingScorer scorer)
    {
        string sha = scorer.Manifest.Provenance.GraphSha256;
        if (state.GraphSha256 != sha) Load(sha);
        // While collecting the device must not alarm; once calibrated it runs on the commissioned levels.
        scorer.SetThresholds(state.Thresholds);
        lastEnd = default;
    }

    public void Restart(StreamingScorer scorer)
    {
        scoreFile?.Dispose();
        scoreFile = null;
        ready = null;
        retryAt = 0;
        File.Delete(StatePath);
        state = new CommissioningState();
        Attach(scorer);   // no state for this model any more: a fresh collection starts
    }

    private void Load(string sha)
    {
        scoreFile?.Dispose();
        scoreFile = null;
        scores.Clear();
        gaps.Clear();
        lastDecile = 0;
        var loaded = TryRead();
        if (loaded is not null && loaded.GraphSha256 == sha)
        {
            state = loaded;
            if (state.Thresholds is null)
            {
                byte[] bytes = [];
                Persist(() => bytes = File.Exists(Path.Combine(directory, ScoresFile)) ? File.ReadAllBytes(Path.Combine(directory, ScoresFile)) : []);
                // Only whole floats, and only as many as the state vouches for (the file may be ahead of it).
                int count = (int)Math.Min(bytes.Length / 4, state.Scores);
                scores.AddRange(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, count * 4)).ToArray());
                state.Scores = count;
                logger.LogInformation("commissioning: resuming for model {Model}: {Elapsed:0} of {Duration:0} s done, {Count} scores kept", sha[..12], state.ElapsedSeconds, options.Duration.TotalSeconds, count);
            }
            else
                logger.LogInformation("commissioning: model {Model} was commissioned on {At:u}: warning {Warning:G4}, alarm {Alarm:G4}", sha[..12], state.StartedUtc, state.Thresholds.Warning, state.Thresholds.Alarm);
        }
        else
        {
            state = new CommissioningState { GraphSha256 = sha, StartedUtc = time.GetUtcNow().UtcDateTime };
            Persist(() => File.Delete(Path.Combine(directory, ScoresFile)));
            SaveState();
            logger.LogWarning("commissioning: scoring model {Model} without alarms for {Duration}, then calibrating ({Method})", sha[..12], options.Duration, options.Method);
        }
        if (state.Thresholds is null) OpenScoreFile();
    }

    private void OpenScoreFile() => Persist(() =>
    {
        var fs = new FileStream(Path.Combine(directory, ScoresFile), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        try
        {
            fs.SetLength(state.Scores * 4);
            fs.Seek(0, SeekOrigin.End);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
        scoreFile = fs;
    });

    public void OnWindow(float score, DateTime end)
    {
        if (state.Thresholds is not null || ready is not null) return;
        scores.Add(score);
        unflushed++;
        if (lastEnd != default && end > lastEnd)
        {
            double gap = (end - lastEnd).TotalSeconds;
            state.ElapsedSeconds += gap;
            if (gaps.Count < 4096) gaps.Add(gap);
        }
        lastEnd = end;
        if (time.GetElapsedTime(lastFlush) >= TimeSpan.FromSeconds(1)) Flush();
        int decile = (int)(Progress * 10);
        if (decile > lastDecile && decile < 10)
        {
            lastDecile = decile;
            logger.LogInformation("commissioning: {Percent}% ({Count} windows)", decile * 10, scores.Count);
        }
        if (state.ElapsedSeconds >= options.Duration.TotalSeconds && scores.Count >= retryAt) Calibrate();
    }

    public bool TakeThresholds(out ThresholdSpec thresholds)
    {
        thresholds = ready!;
        if (ready is null) return false;
        ready = null;
        return true;
    }

    public string Summary(ThresholdSpec t) =>
        $"calibrated on {t.Calibration?.Windows ?? scores.Count} windows ({options.Duration}): warning {t.Warning:G4}, alarm {t.Alarm:G4}; {t.Calibration?.Reason}";

    private void Calibrate()
    {
        Flush();
        if (gaps.Count > 0)
        {
            var sorted = gaps.Order().ToArray();
            state.WindowPeriodSeconds = sorted[sorted.Length / 2];
        }
        var calibration = options.ToCalibration(TimeSpan.FromSeconds(Math.Max(state.WindowPeriodSeconds, 1e-3)));
        try
        {
            var result = ThresholdCalibrator.Calibrate(CollectionsMarshal.AsSpan(scores), calibration, simulator: DetectorAlarmSimulator.Instance);
            var spec = result.ToThresholdSpec();
            spec.Calibration!.Reason = "commissioning: " + spec.Calibration.Reason;
            state.Thresholds = spec;
            SaveState();
            scoreFile?.Dispose();
            scoreFile = null;
            ready = spec;
        }
        catch (Exception e) when (e is InputException or ArgumentException)
        {
            // Too few or degenerate scores: keep collecting and try again after 10 % more windows.
            retryAt = scores.Count + Math.Max(10, scores.Count / 10);
            string problem = e is InvalidParameterException p ? $"Model:Commissioning:{p.Parameter.Replace('.', ':')}: {p.Problem}" : e.Message;
            logger.LogError("commissioning: calibration failed ({Problem}); collecting more windows", problem);
        }
    }

    private void Flush()
    {
        lastFlush = time.GetTimestamp();
        if (scoreFile is null && state.Thresholds is null && ready is null) OpenScoreFile();
        if (scoreFile is not null && unflushed > 0)
        {
            var fs = scoreFile;
            Persist(() =>
            {
                // Rewrite from the last count the state vouches for, so a failed write leaves no half float behind.
                fs.SetLength(state.Scores * 4);
                fs.Seek(0, SeekOrigin.End);
                var span = CollectionsMarshal.AsSpan(scores)[(int)state.Scores..];
                fs.Write(MemoryMarshal.AsBytes(span));
                fs.Flush(flushToDisk: true);
                state.Scores = scores.Count;
                unflushed = 0;
            });
        }
        SaveState();
    }

    /// <summary>Runs a file operation; a full disk or read-only directory is logged once and retried at the next flush.</summary>
    private bool Persist(Action write)
    {
        try
        {
            write();
            if (storageProblem is not null)
                logger.LogWarning("commissioning: {Dir} is writable again; progress saved", directory);
            storageProblem = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (storageProblem is null)
                logger.LogError("commissioning: cannot write {Dir}: {Problem}; going on in memory (a restart now starts over), retrying every second", directory, e.Message);
            storageProblem = e.Message;
            return false;
        }
    }

    private CommissioningState? TryRead()
    {
        try
        {
            return File.Exists(StatePath) ? JsonSerializer.Deserialize(File.ReadAllText(StatePath), CommissioningJsonContext.Default.CommissioningState) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("commissioning: ignoring unreadable {Path}: {Problem}", StatePath, e.Message);
            return null;
        }
    }

    private void SaveState() => Persist(() =>
    {
        // Write-then-rename: a crash leaves the old or the new state, never half of one.
        string tmp = StatePath + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(fs, state, CommissioningJsonContext.Default.CommissioningState);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, StatePath, overwrite: true);
    });

    public void Dispose()
    {
        if (state.Thresholds is null && scoreFile is not null) Flush();
        scoreFile?.Dispose();
    }
}
