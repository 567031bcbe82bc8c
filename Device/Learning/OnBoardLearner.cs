using System.Globalization;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Learning;
using EdgeAE.Training;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Learning;

/// <summary>
/// Learning on the board. The scoring thread hands it every healthy frame (after the health checks
/// and the stuck-run delay line, so faulted data never reaches the recording) and counts the frames
/// lost to faults; both calls allocate nothing. Once the recording holds Model:Learn:Rows (or spans
/// Model:Learn:Duration), the learner's own thread at nice 19 runs <see cref="LearnRecipe"/> — the
/// code of `edgeae learn` — and writes the bundle atomically over Model:Path, where the model
/// watcher's hot-reload path self-tests and arms it between windows while the old model keeps scoring.
/// State lives in the learn directory: a restart keeps the recording (and trains again from it if it
/// was complete); <c>learned.json</c> or <c>refused.txt</c> ends the session. A relearn (plant
/// command, drift with Model:Learn:OnDrift, or a changed Model:Learn:Recipe at start) retires the
/// finished session to <c>previous/</c> and records anew; only the learner thread changes sessions.
/// </summary>
public sealed class OnBoardLearner : IDisposable
{
    public const string LearnedBundle = "learned.onnx";
    public const string DoneMarker = "learned.json";
    public const string RefusedMarker = "refused.txt";

    private readonly LearnOptions options;
    private readonly string modelPath;
    private readonly IReadOnlyList<string> channels;
    private readonly EventReporter reporter;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ManualResetEventSlim wake = new();
    private readonly CancellationTokenSource stop = new();
    private readonly object gate = new();
    private Thread? thread;
    private volatile RecordingWriter? writer;
    private volatile bool recording;
    private volatile bool trainPending;
    private volatile string? relearnPending;
    private volatile string state = "recording";
    private long faulted;
    private long faultsWritten = -1;
    private long lastFlush;
    private long nextProgress;
    private DateTime firstRow;

    public OnBoardLearner(LearnOptions options, string directory, IReadOnlyList<string> channels, string modelPath,
        EventReporter reporter, ILogger logger, TimeProvider time)
    {
        this.options = options;
        this.modelPath = modelPath;
        this.channels = channels;
        this.reporter = reporter;
        this.logger = logger;
        this.time = time;
        Directory = directory;
        if (File.Exists(Path.Combine(directory, DoneMarker)) || File.Exists(Path.Combine(directory, RefusedMarker)))
        {
            state = File.Exists(Path.Combine(directory, DoneMarker)) ? "learned" : "refused";
            if (RecipeChanged())
            {
                relearnPending = "Model:Learn:Recipe differs from the finished session's";
                wake.Set();
                reporter.Note("relearn-requested", $"relearn ({relearnPending}): the {State} session goes to {LearnArchive.PreviousDirectory}/; the armed model keeps scoring until the new one is armed");
            }
            else
                logger.LogInformation("learn: {Dir} holds a finished session ({State}); send the relearn command or change Model:Learn:Recipe to learn again", directory, State);
            return;
        }
        OpenSession(continuing: true);
    }

    public string Directory { get; }
    public long RowsRecorded => writer?.Rows ?? 0;
    public long FramesFaulted => Interlocked.Read(ref faulted);
    /// <summary>recording, training, learned, refused or failed.</summary>
    public string State => state;
    /// <summary>The learned bundle's graph hash once written.</summary>
    public string? LearnedGraphSha256 { get; private set; }
    /// <summary>Sessions finished (learned, refused or failed) since start; a relearn's test waits on it.</summary>
    public int SessionsEnded { get; private set; }

    /// <summary>Observes every epoch on the training thread (diagnostics, tests).</summary>
    internal Action<EpochReport>? EpochObserver { get; set; }

    /// <summary>Cancelled when the learner is being shut down.</summary>
    internal CancellationToken Stopping => stop.Token;

    public void Start()
    {
        thread = new Thread(Loop) { IsBackground = true, Name = "learn" };
        thread.Start();
    }

    /// <summary>
    /// Any thread: learn again from a new recording while the armed model keeps scoring. Refused with
    /// a journaled line while a session is still recording or training. True when accepted.
    /// </summary>
    public bool RequestRelearn(string why, bool journalRejection = true)
    {
        lock (gate)
        {
            string? busy = relearnPending is not null ? "a relearn is already pending"
                : state == "recording" ? string.Create(CultureInfo.InvariantCulture, $"the current session is still recording ({RowsRecorded}/{options.Rows} rows)")
                : state == "training" ? "a training is running"
                : null;
            if (busy is not null)
            {
                // Drift on several channels asks once per channel: only the first is news.
                if (journalRejection) reporter.Note("relearn-rejected", $"relearn ({why}): {busy}");
                else logger.LogDebug("learn: relearn ({Why}) not started: {Busy}", why, busy);
                return false;
            }
            relearnPending = why;
        }
        reporter.Note("relearn-requested", $"relearn ({why}): the {state} session goes to {LearnArchive.PreviousDirectory}/; the armed model keeps scoring until the new one is armed");
        wake.Set();
        return true;
    }

    /// <summary>Scoring thread: one healthy frame (source channel order).</summary>
    public void Record(DateTime t, ReadOnlySpan<float> values)
    {
        if (!recording) return;
        var w = writer!;
        if (w.Rows == 0) firstRow = t;
        if (!w.Append(t, values))
        {
            FinishRecording("the recording reached Model:Learn:MaxRecordingBytes");
            return;
        }
        if (w.Rows >= nextProgress)
        {
            nextProgress += Math.Max(1, options.Rows / 10);
            reporter.Note("learn-recording", string.Create(CultureInfo.InvariantCulture, $"{w.Rows}/{options.Rows} rows recorded, {FramesFaulted} frames lost to sensor faults"));
        }
        if (Complete(t)) FinishRecording("the recording is complete");
        else if (time.GetElapsedTime(lastFlush) >= TimeSpan.FromSeconds(1))
        {
            lastFlush = time.GetTimestamp();
            w.Flush();
            WriteFaults();
        }
    }

    /// <summary>Scoring thread: a frame lost to a sensor fault while recording (counts towards the fault-rate refusal).</summary>
    public void Faulted()
    {
        if (recording) Interlocked.Increment(ref faulted);
    }

    private bool RecipeChanged()
    {
        try
        {
            return !RecordingReader.ReadHeader(Directory).Settings.SameRecipe(options.Recipe);
        }
        catch (EdgeAE.Runtime.InputException)
        {
            return false;   // a finished session without its recording (retired half-way): nothing to compare
        }
    }

    /// <summary>Opens (or continues) the recording; training is due at once when it is already complete.</summary>
    private void OpenSession(bool continuing)
    {
        var w = new RecordingWriter(Directory, channels, options.Recipe, options.MaxRecordingBytes);
        Interlocked.Exchange(ref faulted, continuing ? RecordingReader.FaultedFrames(Directory) : 0);
        faultsWritten = -1;
        nextProgress = Math.Max(1, options.Rows / 10) * (w.Rows / Math.Max(1, options.Rows / 10) + 1);
        firstRow = w.Rows > 0 ? RecordingReader.Read(Directory).Table.TimeOf(0) : default;
        writer = w;
        if (Complete(firstRow))
        {
            state = "training";
            trainPending = true;
            wake.Set();
        }
        else
        {
            state = "recording";
            recording = true;   // last: the scoring thread sees the writer and counters before it records
        }
        reporter.Note("learn-started", string.Create(CultureInfo.InvariantCulture,
            $"{(w.Rows > 0 ? "continuing" : "starting")} the recording in {Directory}: {w.Rows}/{options.Rows} rows, channels [{string.Join(", ", channels)}]"));
    }

    private bool Complete(DateTime last) =>
        writer!.Rows >= options.Rows || writer.Full
        || (options.Duration > TimeSpan.Zero && writer.Rows > 0 && last - firstRow >= options.Duration);

    private void FinishRecording(string why)
    {
        recording = false;
        writer!.Flush(durable: true);
        WriteFaults();
        state = "training";
        reporter.Note("learn-recorded", string.Create(CultureInfo.InvariantCulture, $"{why}: {writer.Rows} rows, {FramesFaulted} frames lost to sensor faults; training starts"));
        trainPending = true;
        wake.Set();
    }

    /// <summary>The learner thread: trains when a recording is complete, starts a new session on a relearn.</summary>
    private void Loop()
    {
        bool lowered = LowPriority.ApplyToCurrentThread();
        while (true)
        {
            try
            {
                wake.Wait(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            wake.Reset();
            if (trainPending)
            {
                trainPending = false;
                if (!TrainOnce(lowered)) return;
            }
            if (relearnPending is { } why) Relearn(why);
        }
    }

    private void Relearn(string why)
    {
        try
        {
            writer?.Dispose();
            writer = null;
            string previous = LearnArchive.Retire(Directory);
            logger.LogInformation("learn: relearn ({Why}); the last session is kept in {Previous}", why, previous);
            OpenSession(continuing: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EdgeAE.Runtime.InputException)
        {
            state = "failed";
            reporter.Note("learn-failed", $"relearn ({why}): cannot start a new recording in {Directory}: {e.Message}");
        }
        finally
        {
            relearnPending = null;
        }
    }

    /// <summary>One training run; false when shutdown stopped it (the loop then ends).</summary>
    private bool TrainOnce(bool lowered)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var memory = new TrainingMemoryGuard(options.MaxTrainingMemoryBytes);
        try
        {
            Train(lowered, memory, abort);
        }
        catch (OperationCanceledException) when (memory.Exceeded is { } over)
        {
            End("refused", RefusedMarker, "learn-aborted", over);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("learn: training stopped by shutdown; it starts again from the kept recording at the next start");
            return false;
        }
        catch (LearnRefusedException e)
        {
            End("refused", RefusedMarker, "learn-refused", e.Reason);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The running model keeps guarding the machine; the recording stays for the next start or `edgeae learn`.
            End("failed", null, "learn-failed", e.Message);
        }
        return true;
    }

    private void End(string newState, string? marker, string kind, string reason)
    {
        if (marker is not null) WriteMarker(marker, reason + "\n");
        state = newState;
        SessionsEnded++;
        reporter.Note(kind, reason);
        logger.LogError("learn: {Reason}", reason);
    }

    private void Train(bool lowered, TrainingMemoryGuard memory, CancellationTokenSource abort)
    {
        var w = writer!;
        var r = w.Settings;
        long estimate = LearnMemory.Estimate(w.Rows, w.Channels, r.Window, r.Hop, r.BatchSize);
        if (estimate > options.MaxTrainingMemoryBytes)
            throw new LearnRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"training {w.Rows} rows would need about {estimate / 1048576.0:F0} MiB, over Model:Learn:MaxTrainingMemoryBytes ({options.MaxTrainingMemoryBytes / 1048576.0:F0} MiB): record fewer rows or raise Recipe:Hop"));
        reporter.Note("learn-training", string.Create(CultureInfo.InvariantCulture,
            $"training {r.Arch} on {w.Rows} rows (seed {r.Seed}, up to {r.Epochs} epochs, about {estimate / 1048576.0:F0} MiB){(lowered ? ", nice 19" : "")}"));
        var progress = new LearnProgress(reporter, memory, abort, EpochObserver);
        // Exactly what `edgeae learn --from <this directory>` runs: same recording, same stored recipe, same fault tally.
        var result = LearnRecipe.Run(Directory, progress, abort.Token);
        abort.Token.ThrowIfCancellationRequested();   // the cap tripped in the last epoch: do not arm what ran over it

        string learned = Path.Combine(Directory, LearnedBundle);
        AtomicWrite(learned, result.Bundle);
        var t = result.Manifest.Thresholds!;
        // Arm: the bundle replaces Model:Path by rename; the model watcher loads, self-tests and swaps it in between windows.
        // Before the marker: a session is finished only once its bundle is where the daemon loads it from.
        AtomicWrite(modelPath, result.Bundle);
        WriteMarker(DoneMarker, string.Create(CultureInfo.InvariantCulture,
            $"{{\"graph_sha256\":\"{result.GraphSha256}\",\"rows\":{result.Rows},\"recording_sha256\":\"{result.RecordingSha256}\",\"seed\":{r.Seed}}}\n"));
        LearnedGraphSha256 = result.GraphSha256;
        reporter.Note("learn-written", string.Create(CultureInfo.InvariantCulture,
            $"{result.GraphSha256[..12]}: {result.Epochs} epochs, validation loss {result.ValLoss:G4} (baseline {result.BaselineValLoss:G4}), warning {t.Warning:G4}, alarm {t.Alarm:G4} on {result.HoldOutWindows} hold-out windows, {result.TrainingTime.TotalSeconds:F1} s, heap +{memory.Growth / 1048576.0:F0} MiB; written to {modelPath} for hot reload"),
            result.GraphSha256[..12]);
        SessionsEnded++;
        state = "learned";   // last: a first learn exits on it, after the entry above is journaled
    }

    private static void AtomicWrite(string path, byte[] bytes)
    {
        // A first learn on a fresh board: Model:Path's folder may not exist yet.
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + ".learn.tmp";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(bytes);
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private void WriteMarker(string name, string text) => AtomicWrite(Path.Combine(Directory, name), System.Text.Encoding.UTF8.GetBytes(text));

    // Once a second from the scoring thread: a few bytes, not per window.
    private void WriteFaults()
    {
        if (FramesFaulted == faultsWritten) return;
        faultsWritten = FramesFaulted;
        try
        {
            File.WriteAllText(Path.Combine(Directory, RecordingLayout.FaultFile), FramesFaulted.ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException e)
        {
            logger.LogWarning("learn: cannot update the fault counter: {Problem}", e.Message);
        }
    }

    private bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        stop.Cancel();
        thread?.Join(TimeSpan.FromSeconds(5));
        if (thread is null || !thread.IsAlive)
        {
            writer?.Dispose();
            stop.Dispose();
            wake.Dispose();
        }
    }
}
