using System.Globalization;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Learning;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Learning;

/// <summary>
/// Learning on the board. The scoring thread hands it every healthy frame (after the health checks
/// and the stuck-run delay line, so faulted data never reaches the recording) and counts the frames
/// lost to faults; both calls allocate nothing. Once the recording holds Model:Learn:Rows (or spans
/// Model:Learn:Duration), a background thread at nice 19 runs <see cref="LearnRecipe"/> — the code of
/// `edgeae learn` — and writes the bundle atomically over Model:Path, where the model watcher's
/// hot-reload path self-tests and arms it between windows while the old model keeps scoring.
/// State lives in the learn directory: a restart keeps the recording (and trains again if it was
/// complete); <c>learned.json</c> or <c>refused.txt</c> ends the session until the directory is cleared.
/// </summary>
public sealed class OnBoardLearner : IDisposable
{
    public const string LearnedBundle = "learned.onnx";
    public const string DoneMarker = "learned.json";
    public const string RefusedMarker = "refused.txt";

    private readonly LearnOptions options;
    private readonly string modelPath;
    private readonly EventReporter reporter;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly RecordingWriter? writer;
    private readonly ManualResetEventSlim ready = new();
    private readonly CancellationTokenSource stop = new();
    private Thread? thread;
    private long faulted;
    private long faultsWritten = -1;
    private long lastFlush;
    private long nextProgress;
    private DateTime firstRow;
    private volatile bool recording;

    public OnBoardLearner(LearnOptions options, string directory, IReadOnlyList<string> channels, string modelPath,
        EventReporter reporter, ILogger logger, TimeProvider time)
    {
        this.options = options;
        this.modelPath = modelPath;
        this.reporter = reporter;
        this.logger = logger;
        this.time = time;
        Directory = directory;
        if (File.Exists(Path.Combine(directory, DoneMarker)) || File.Exists(Path.Combine(directory, RefusedMarker)))
        {
            State = File.Exists(Path.Combine(directory, DoneMarker)) ? "learned" : "refused";
            logger.LogInformation("learn: {Dir} holds a finished session ({State}); remove it to learn again", directory, State);
            return;
        }
        writer = new RecordingWriter(directory, channels, options.Recipe, options.MaxRecordingBytes);
        faulted = ReadFaults();
        nextProgress = Math.Max(1, options.Rows / 10) * (writer.Rows / Math.Max(1, options.Rows / 10) + 1);
        if (writer.Rows > 0) firstRow = RecordingReader.Read(directory).Table.TimeOf(0);
        if (Complete(firstRow))
        {
            State = "training";
            ready.Set();
        }
        else
        {
            State = "recording";
            recording = true;
        }
        reporter.Note("learn-started", string.Create(CultureInfo.InvariantCulture,
            $"{(writer.Rows > 0 ? "continuing" : "starting")} the recording in {directory}: {writer.Rows}/{options.Rows} rows, channels [{string.Join(", ", channels)}]"));
    }

    public string Directory { get; }
    public long RowsRecorded => writer?.Rows ?? 0;
    public long FramesFaulted => Interlocked.Read(ref faulted);
    /// <summary>recording, training, learned, refused or failed.</summary>
    public string State { get; private set; } = "recording";
    /// <summary>The learned bundle's graph hash once written.</summary>
    public string? LearnedGraphSha256 { get; private set; }

    public void Start()
    {
        if (writer is null) return;
        thread = new Thread(TrainWhenReady) { IsBackground = true, Name = "learn" };
        thread.Start();
    }

    /// <summary>Scoring thread: one healthy frame (source channel order).</summary>
    public void Record(DateTime t, ReadOnlySpan<float> values)
    {
        if (!recording) return;
        if (writer!.Rows == 0) firstRow = t;
        if (!writer.Append(t, values))
        {
            FinishRecording("the recording reached Model:Learn:MaxRecordingBytes");
            return;
        }
        if (writer.Rows >= nextProgress)
        {
            nextProgress += Math.Max(1, options.Rows / 10);
            reporter.Note("learn-recording", string.Create(CultureInfo.InvariantCulture, $"{writer.Rows}/{options.Rows} rows recorded, {FramesFaulted} frames lost to sensor faults"));
        }
        if (Complete(t)) FinishRecording("the recording is complete");
        else if (time.GetElapsedTime(lastFlush) >= TimeSpan.FromSeconds(1))
        {
            lastFlush = time.GetTimestamp();
            writer.Flush();
            WriteFaults();
        }
    }

    /// <summary>Scoring thread: a frame lost to a sensor fault while recording (counts towards the fault-rate refusal).</summary>
    public void Faulted()
    {
        if (recording) Interlocked.Increment(ref faulted);
    }

    private bool Complete(DateTime last) =>
        writer!.Rows >= options.Rows || writer.Full
        || (options.Duration > TimeSpan.Zero && writer.Rows > 0 && last - firstRow >= options.Duration);

    private void FinishRecording(string why)
    {
        recording = false;
        writer!.Flush(durable: true);
        WriteFaults();
        State = "training";
        reporter.Note("learn-recorded", string.Create(CultureInfo.InvariantCulture, $"{why}: {writer.Rows} rows, {FramesFaulted} frames lost to sensor faults; training starts"));
        ready.Set();
    }

    private void TrainWhenReady()
    {
        try
        {
            ready.Wait(stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        bool lowered = LowPriority.ApplyToCurrentThread();
        try
        {
            Train(lowered);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("learn: training stopped by shutdown; it starts again from the kept recording at the next start");
        }
        catch (LearnRefusedException e)
        {
            State = "refused";
            WriteMarker(RefusedMarker, e.Reason + "\n");
            reporter.Note("learn-refused", e.Reason);
            logger.LogError("{Message}", e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The running model keeps guarding the machine; the recording stays for the next start or `edgeae learn`.
            State = "failed";
            reporter.Note("learn-failed", e.Message);
            logger.LogError("learn: training failed: {Problem}", e.Message);
        }
    }

    private void Train(bool lowered)
    {
        var r = options.Recipe;
        long estimate = LearnMemory.Estimate(writer!.Rows, writer.Channels, r.Window, r.Hop, r.BatchSize);
        if (estimate > options.MaxTrainingMemoryBytes)
            throw new LearnRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"training {writer.Rows} rows would need about {estimate / 1048576.0:F0} MiB, over Model:Learn:MaxTrainingMemoryBytes ({options.MaxTrainingMemoryBytes / 1048576.0:F0} MiB): record fewer rows or raise Recipe:Hop"));
        reporter.Note("learn-training", string.Create(CultureInfo.InvariantCulture,
            $"training {r.Arch} on {writer.Rows} rows (seed {r.Seed}, up to {r.Epochs} epochs, about {estimate / 1048576.0:F0} MiB){(lowered ? ", nice 19" : "")}"));
        var progress = new LearnProgress(reporter);
        // Exactly what `edgeae learn --from <this directory>` runs: same recording, same stored recipe, same fault tally.
        var result = LearnRecipe.Run(Directory, progress, stop.Token);

        string learned = Path.Combine(Directory, LearnedBundle);
        AtomicWrite(learned, result.Bundle);
        var t = result.Manifest.Thresholds!;
        WriteMarker(DoneMarker, string.Create(CultureInfo.InvariantCulture,
            $"{{\"graph_sha256\":\"{result.GraphSha256}\",\"rows\":{result.Rows},\"recording_sha256\":\"{result.RecordingSha256}\",\"seed\":{r.Seed}}}\n"));
        // Arm: the bundle replaces Model:Path by rename; the model watcher loads, self-tests and swaps it in between windows.
        AtomicWrite(modelPath, result.Bundle);
        LearnedGraphSha256 = result.GraphSha256;
        State = "learned";
        reporter.Note("learn-written", string.Create(CultureInfo.InvariantCulture,
            $"{result.GraphSha256[..12]}: {result.Epochs} epochs, validation loss {result.ValLoss:G4} (baseline {result.BaselineValLoss:G4}), warning {t.Warning:G4}, alarm {t.Alarm:G4} on {result.HoldOutWindows} hold-out windows, {result.TrainingTime.TotalSeconds:F1} s; written to {modelPath} for hot reload"),
            result.GraphSha256[..12]);
    }

    private static void AtomicWrite(string path, byte[] bytes)
    {
        string temp = path + ".learn.tmp";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(bytes);
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private void WriteMarker(string name, string text) => AtomicWrite(Path.Combine(Directory, name), System.Text.Encoding.UTF8.GetBytes(text));

    private long ReadFaults() => RecordingReader.FaultedFrames(Directory);

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
            ready.Dispose();
        }
    }
}
