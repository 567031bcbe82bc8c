using System.Runtime.InteropServices;
using System.Text;

namespace EdgeAE.Device.Sources;

/// <summary>
/// A child process with its stdout and stderr on pipes, spawned with libc's posix_spawn and reaped with
/// waitpid. Written on libc instead of System.Diagnostics.Process because Process costs ~130 KB of the
/// arm64 AOT binary's 12 MB budget (measured, BENCHMARKS.md) for what a capture pipe needs: start, read,
/// signal, wait. Linux only. stderr is non-blocking and drained between reads, keeping its last line,
/// so a chatty child never blocks on it.
/// </summary>
internal sealed unsafe partial class ChildProcess : IDisposable
{
    private const int OCloexec = 0x80000, ONonblock = 0x800;
    private const int Eintr = 4;
    public const int SigKill = 9, SigTerm = 15;

    private readonly Lock gate = new();
    private readonly StringBuilder errorLine = new();
    private int stdout = -1, stderr = -1;
    private bool reaped;

    private ChildProcess(int pid, int stdout, int stderr)
    {
        Pid = pid;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public int Pid { get; }

    /// <summary>The last non-empty line the child wrote to stderr so far.</summary>
    public string LastErrorLine { get; private set; } = "";

    /// <summary>Starts <paramref name="path"/> (absolute) with <paramref name="arguments"/> and the daemon's environment.</summary>
    public static ChildProcess Start(string path, IReadOnlyList<string> arguments)
    {
        int* outPipe = stackalloc int[2];
        int* errPipe = stackalloc int[2];
        if (pipe2(outPipe, OCloexec) != 0)
        {
            throw Error("pipe2");
        }
        if (pipe2(errPipe, OCloexec | ONonblock) != 0)
        {
            int e = Marshal.GetLastPInvokeError();
            close(outPipe[0]);
            close(outPipe[1]);
            throw new IOException($"pipe2: {Marshal.GetPInvokeErrorMessage(e)}");
        }
        var strings = new List<nint>();
        // posix_spawn_file_actions_t is 80 bytes in glibc (64-bit); room to spare for other C libraries.
        nint actions = Marshal.AllocCoTaskMem(512);
        try
        {
            nint* argv = Strings([path, .. arguments], strings);
            string[] environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .Select(e => $"{e.Key}={e.Value}").ToArray();
            nint* envp = Strings(environment, strings);
            posix_spawn_file_actions_init(actions);
            posix_spawn_file_actions_adddup2(actions, outPipe[1], 1);
            posix_spawn_file_actions_adddup2(actions, errPipe[1], 2);
            int pid;
            int result = posix_spawn(&pid, argv[0], actions, 0, argv, envp);
            posix_spawn_file_actions_destroy(actions);
            close(outPipe[1]);
            close(errPipe[1]);
            if (result != 0)
            {
                close(outPipe[0]);
                close(errPipe[0]);
                throw new IOException($"cannot start {path}: {Marshal.GetPInvokeErrorMessage(result)}");
            }
            return new ChildProcess(pid, outPipe[0], errPipe[0]);
        }
        finally
        {
            foreach (nint s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
            Marshal.FreeCoTaskMem(actions);
        }
    }

    /// <summary>Reads what the child wrote to stdout (blocking); 0 at the end (the child exited or closed it).</summary>
    public int Read(Span<byte> buffer)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = read(stdout, p, buffer.Length);
            }
            DrainErrors();
            if (n >= 0)
            {
                return (int)n;
            }
            if (Marshal.GetLastPInvokeError() != Eintr)
            {
                throw Error("read");
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> unless the child was already reaped (its pid may be reused then).</summary>
    public void Signal(int signal)
    {
        lock (gate)
        {
            if (!reaped)
            {
                kill(Pid, signal);
            }
        }
    }

    /// <summary>Waits for the child to end: its exit code, or the signal that ended it.</summary>
    public (int? ExitCode, int? Signal) Wait()
    {
        int status = 0;
        while (waitpid(Pid, &status, 0) < 0)
        {
            if (Marshal.GetLastPInvokeError() != Eintr)
            {
                throw Error("waitpid");
            }
        }
        lock (gate)
        {
            reaped = true;
        }
        DrainErrors();
        int signal = status & 0x7F;
        return signal == 0 ? ((status >> 8) & 0xFF, null) : (null, signal);
    }

    /// <summary>Kills a child still running, reaps it and closes the pipes.</summary>
    public void Dispose()
    {
        bool running;
        lock (gate)
        {
            running = !reaped;
        }
        if (running)
        {
            Signal(SigKill);
            Wait();
        }
        if (stdout >= 0)
        {
            close(stdout);
            stdout = -1;
        }
        if (stderr >= 0)
        {
            close(stderr);
            stderr = -1;
        }
    }

    private void DrainErrors()
    {
        byte* chunk = stackalloc byte[512];
        nint n;
        while (stderr >= 0 && (n = read(stderr, chunk, 512)) > 0)
        {
            foreach (char c in Encoding.UTF8.GetString(chunk, (int)n))
            {
                if (c == '\n')
                {
                    string line = errorLine.ToString().Trim();
                    if (line.Length > 0)
                    {
                        LastErrorLine = line;
                    }
                    errorLine.Clear();
                }
                else if (errorLine.Length < 400)
                {
                    errorLine.Append(c);
                }
            }
        }
    }

    private static nint* Strings(string[] values, List<nint> owned)
    {
        nint* array = (nint*)Marshal.AllocCoTaskMem((values.Length + 1) * sizeof(nint));
        owned.Add((nint)array);
        for (int i = 0; i < values.Length; i++)
        {
            array[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(array[i]);
        }
        array[values.Length] = 0;
        return array;
    }

    private static IOException Error(string call) => new($"{call}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [LibraryImport("libc", SetLastError = true)]
    private static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int waitpid(int pid, int* status, int options);

    [LibraryImport("libc")]
    private static partial int posix_spawn(int* pid, nint path, nint fileActions, nint attributes, nint* argv, nint* envp);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(nint fileActions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_adddup2(nint fileActions, int fd, int newFd);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(nint fileActions);
}
