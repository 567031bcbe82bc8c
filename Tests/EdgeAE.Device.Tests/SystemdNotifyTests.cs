using System.Diagnostics;
using System.Text;
using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests;

/// <summary>
/// The Type=notify handshake without systemd: Microsoft.Extensions.Hosting.Systemd only talks to
/// $NOTIFY_SOCKET when the parent process is named "systemd", so the daemon is started from a shell
/// reached through a symlink of that name, and a datagram socket stands in for systemd's.
/// </summary>
public class SystemdNotifyTests
{
    [Test]
    public void SendsReadyOnceRunningAndStoppingOnSigterm()
    {
        if (!File.Exists("/bin/sh")) Assert.Ignore("no /bin/sh to stand in for systemd");
        string dir = TestPaths.TempDir("sdnotify");
        try
        {
            string bundle = Path.Combine(dir, "pump.onnx");
            PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(1000), window: 8, components: 4, bundle);
            using var socket = new NotifySocket(dir, TimeSpan.FromSeconds(30));

            string launcher = Path.Combine(dir, "systemd");
            File.CreateSymbolicLink(launcher, "/bin/sh");
            string pidFile = Path.Combine(dir, "daemon.pid");
            var psi = new ProcessStartInfo(launcher) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // Not the last command, so sh forks: the daemon's parent is this "systemd".
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("dotnet \"$@\" & echo $! > \"$EDGEAE_PIDFILE\"; wait $!");
            psi.ArgumentList.Add("systemd");
            foreach (var a in new[] { TestPaths.DaemonDll, "--demo", "--Model:Path", bundle, "--Journal:Directory", Path.Combine(dir, "journal") })
                psi.ArgumentList.Add(a);
            psi.Environment["EDGEAE_PIDFILE"] = pidFile;
            psi.Environment["EDGEAE_CONFIG"] = Path.Combine(dir, "no-such-appsettings.json");
            psi.Environment["NOTIFY_SOCKET"] = socket.Path;
            psi.Environment.Remove("WATCHDOG_USEC");
            psi.Environment.Remove("STATE_DIRECTORY");
            using var shell = Process.Start(psi)!;
            var stderr = new StringBuilder();
            shell.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
            shell.OutputDataReceived += (_, _) => { };
            shell.BeginErrorReadLine();
            shell.BeginOutputReadLine();
            try
            {
                Assert.That(socket.ReceiveUntil("READY=1"), Is.True, $"READY=1 never arrived; stderr: {stderr}");
                int pid = int.Parse(File.ReadAllText(pidFile).Trim());
                using (var kill = Process.Start("kill", ["-TERM", pid.ToString()])) kill.WaitForExit();
                Assert.That(socket.ReceiveUntil("STOPPING=1"), Is.True, $"STOPPING=1 never arrived; stderr: {stderr}");
                Assert.That(shell.WaitForExit(30_000), Is.True, "the daemon exits after SIGTERM");
                Assert.That(shell.ExitCode, Is.EqualTo(0), $"clean exit on SIGTERM; stderr: {stderr}");
            }
            finally
            {
                if (!shell.HasExited) shell.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
