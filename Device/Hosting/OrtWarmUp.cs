using EdgeAE.Runtime.Inference;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// Loads ONNX Runtime (the library, its static initializers, the process-wide environment: 10–25 ms)
/// on a thread of its own while the host builds configuration, DI and logging, so the bundle's
/// session is not the first thing to pay for it.
/// <para>
/// Owned and joined: <see cref="Dispose"/> waits for the load to finish. A process that leaves while
/// libonnxruntime's static initializers still run on another thread crashes in its exit handlers
/// (SIGSEGV, seen once in CI when <c>--check-config</c> exited early), so every way out of
/// <c>Main</c> passes through this join. A failure of the load is not reported here: the
/// environment's Lazy keeps it and rethrows it, named, where the bundle is loaded.
/// </para>
/// </summary>
public sealed class OrtWarmUp : IDisposable
{
    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(30);
    private readonly Thread thread;

    private OrtWarmUp()
    {
        thread = new Thread(Load) { IsBackground = true, Name = "ort-warm-up" };
        thread.Start();
    }

    public static OrtWarmUp Start() => new();

    private static void Load()
    {
        try
        {
            SessionFactory.EnsureEnvironment();
        }
        catch (Exception)
        {
            // Kept by the Lazy: the bundle load rethrows it where the user's action names it.
        }
    }

    public void Dispose() => thread.Join(JoinLimit);
}
