using System.Runtime.InteropServices;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// Gives back what start-up used and no longer needs, once, before the scoring thread starts (so it
/// never pauses scoring): the managed heap's garbage from configuration, manifest and recording parsing
/// (an aggressive full GC compacts and decommits the emptied regions; a normal one keeps them committed
/// for reuse), and the C heap's free space left by ONNX Runtime's graph optimization (glibc's
/// <c>malloc_trim</c>). A daemon that allocates nothing per window never needs that memory again.
/// Then the start-up-only pages of code are unmapped (<see cref="StartupPageRelease"/>).
/// </summary>
internal static partial class StartupMemory
{
    public static void Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): nothing to trim that way.
        }
        StartupPageRelease.Release();
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
