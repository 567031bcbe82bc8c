using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeAE.Device.Tests.Support;

/// <summary>Runs edgeae-device as a child process (dotnet edgeae-device.dll …), collecting stdout and stderr lines.</summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process process;

    public DaemonProcess(string workingDirectory, params string[] args) : this(workingDirectory, null, args) { }

    public DaemonProcess(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(TestPaths.DaemonDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Never pick up a real machine configuration or systemd environment.
        psi.Environment["EDGEAE_CONFIG"] = Path.Combine(workingDirectory, "no-such-appsettings.json");
        psi.Environment.Remove("NOTIFY_SOCKET");
        psi.Environment.Remove("WATCHDOG_USEC");
        psi.Environment.Remove("STATE_DIRECTORY");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Stderr.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public ConcurrentQueue<string> Stdout { get; } = new();
    public ConcurrentQueue<string> Stderr { get; } = new();
    public Process Process => process;

    public int WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"edgeae-device did not exit within {timeout.TotalSeconds} s; stderr: {string.Join(" | ", Stderr)}");
        }
        process.WaitForExit();   // drain the output readers
        return process.ExitCode;
    }

    public bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (condition()) return true;
            if (process.HasExited) return condition();
            Thread.Sleep(20);
        }
        return condition();
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
