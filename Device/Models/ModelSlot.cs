using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Device.Models;

/// <summary>
/// Hands a verified bundle from the watcher thread to the scoring thread, which swaps it in between
/// windows. A newer offer replaces an older one that was not taken yet (the older is disposed).
/// </summary>
public sealed class ModelSlot : IDisposable
{
    private Bundle? pending;

    public void Offer(Bundle bundle) => Interlocked.Exchange(ref pending, bundle)?.Dispose();

    public bool TryTake(out Bundle bundle)
    {
        bundle = Interlocked.Exchange(ref pending, null)!;
        return bundle is not null;
    }

    public void Dispose() => Interlocked.Exchange(ref pending, null)?.Dispose();
}
