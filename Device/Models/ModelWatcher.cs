using EdgeAE.Runtime.Bundles;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Models;

/// <summary>
/// Watches the bundle file (FileSystemWatcher, plus polling for file systems that send no events),
/// waits until a new file has stopped changing, loads and self-tests it, and offers it to the
/// scoring thread. A bundle that fails keeps the old one running; the reason is logged and journaled.
/// </summary>
public sealed class ModelWatcher : IDisposable
{
    private readonly ModelLoader loader;
    private readonly ModelSlot slot;
    private readonly Func<BundleManifest, string?> compatible;
    private readonly Action<string, string> rejected;   // (path, reason)
    private readonly ILogger logger;
    private readonly TimeSpan poll;
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stop = new();
    private FileSystemWatcher? watcher;
    private Thread? thread;
    private FileStamp seen;
    private string currentSha;

    /// <param name="running">The read the running model was loaded from: its hash and stamp are the
    /// baseline, so a change after that read (even before this constructor) is seen and reloaded. Only
    /// the hash and stamp are kept, not the bytes.</param>
    public ModelWatcher(ModelLoader loader, ModelSlot slot, BundleSnapshot running, Func<BundleManifest, string?> compatible,
        Action<string, string> rejected, TimeSpan poll, ILogger logger)
    {
        this.loader = loader;
        this.slot = slot;
        currentSha = running.File.Sha256;
        seen = running.Stamp;
        this.compatible = compatible;
        this.rejected = rejected;
        this.poll = poll;
        this.logger = logger;
    }

    /// <summary>Whole-file SHA-256 of the bundle the watcher believes is running (or was last rejected).</summary>
    public string RunningSha256 => currentSha;

    public long Reloads { get; private set; }
    public long Rejections { get; private set; }

    public void Start()
    {
        string dir = Path.GetDirectoryName(loader.Path)!;
        try
        {
            watcher = new FileSystemWatcher(dir, Path.GetFileName(loader.Path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => Signal();
            watcher.Created += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
            watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // inotify limits or an unsupported file system: polling alone still works.
            logger.LogWarning("model watch: no file events for {Dir} ({Problem}); polling every {Poll} s", dir, e.Message, poll.TotalSeconds);
            watcher?.Dispose();
            watcher = null;
        }
        thread = new Thread(Loop) { IsBackground = true, Name = "model-watcher" };
        thread.Start();
    }

    private void Signal()
    {
        if (wake.CurrentCount == 0) wake.Release();
    }

    private void Loop()
    {
        var token = stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                wake.Wait(poll, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var now = FileStamp.Of(loader.Path);
            if (now == seen || now.Length == 0) continue;
            // Wait for the writer to finish: the file must look the same twice, 300 ms apart.
            while (!token.IsCancellationRequested)
            {
                token.WaitHandle.WaitOne(300);
                var again = FileStamp.Of(loader.Path);
                if (again == now) break;
                now = again;
            }
            seen = now;
            TryReload();
        }
    }

    private void TryReload()
    {
        BundleFile file;
        try
        {
            file = loader.Read().File;
        }
        catch (BundleException e)
        {
            logger.LogWarning("model reload: {Problem}", e.Message);
            return;
        }
        // One read: the bytes hashed here are the bytes loaded, and the cache reuses this hash.
        string sha = file.Sha256;
        if (string.Equals(sha, currentSha, StringComparison.OrdinalIgnoreCase)) return;
        try
        {
            var (bundle, test) = loader.Load(file, compatible);
            logger.LogInformation("model reload: {Path} passed its self-test (score {Score:G4}); swapping at the next window", loader.Path, test.Score);
            currentSha = sha;
            Reloads++;
            slot.Offer(bundle);
        }
        catch (Exception e)   // whatever is wrong with the new file, the running model stays
        {
            currentSha = sha;   // do not retry the same bad file every poll
            Rejections++;
            logger.LogWarning("model reload rejected, keeping the running model: {Reason}", e.Message);
            rejected(loader.Path, e.Message);
        }
    }

    private bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        stop.Cancel();
        watcher?.Dispose();
        thread?.Join(TimeSpan.FromSeconds(2));
        stop.Dispose();
    }
}
