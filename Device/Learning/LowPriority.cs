using System.Runtime.InteropServices;

namespace EdgeAE.Device.Learning;

/// <summary>
/// Lowers the calling thread to nice 19. .NET's Thread.Priority is a no-op for unprivileged
/// processes on Linux; setpriority on the thread id (Linux threads are tasks) is what the kernel's
/// scheduler honours, so the scoring thread wins every contended slice.
/// </summary>
internal static partial class LowPriority
{
    private const int PrioProcess = 0;
    private const long SysGettidArm64 = 178, SysGettidX64 = 186;

    /// <summary>True when the kernel accepted nice 19 for this thread.</summary>
    public static bool ApplyToCurrentThread()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            long call = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.Arm64 => SysGettidArm64,
                Architecture.X64 => SysGettidX64,
                _ => -1,
            };
            if (call < 0) return false;
            int tid = (int)syscall(call);
            return setpriority(PrioProcess, (uint)tid, 19) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, uint who, int prio);
}
