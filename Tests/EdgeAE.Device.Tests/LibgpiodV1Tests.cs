using System.Diagnostics;
using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests;

/// <summary>
/// Alerts through System.Device.Gpio's real libgpiod v1 binding (P/Invoke into libgpiod.so.2), with a
/// fake libgpiod compiled from FakeGpiod/fake_libgpiod_v1.c in place of the system one: proves the
/// chip choice, the line requests and the writes the daemon makes, though no kernel GPIO is behind it.
/// </summary>
public class LibgpiodV1Tests
{
    [Test]
    public void AlarmsDriveTheirLinesThroughLibgpiod()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "FakeGpiod", "fake_libgpiod_v1.c");
        string dir = TestPaths.TempDir("gpiod");
        try
        {
            string library = Path.Combine(dir, "libgpiod.so.2");
            Compile(source, library);
            string log = Path.Combine(dir, "gpio.log");
            string bundle = Path.Combine(dir, "pump.onnx");
            PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(4000), window: 16, components: 16, bundle);
            var env = new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = dir, ["FAKE_GPIOD_LOG"] = log };
            using var daemon = new DaemonProcess(dir, env, "--demo", "--Model:Path", bundle, "--Source:Speed", "40", "--Alerts:Driver", "libgpiod",
                "--Journal:Directory", Path.Combine(dir, "journal"));
            bool alarmed = daemon.WaitFor(() => File.Exists(log) && File.ReadAllLines(log).Any(l => l is "set 27 1" or "set 17 1"), TimeSpan.FromSeconds(30));
            daemon.Process.Kill();
            daemon.Process.WaitForExit();
            string output = string.Join("\n", daemon.Stdout) + "\n" + string.Join("\n", daemon.Stderr);
            Assert.That(alarmed, Is.True, $"no alert line went high through libgpiod:\n{(File.Exists(log) ? File.ReadAllText(log) : "(no gpio log)")}\n{output}");
            var lines = File.ReadAllLines(log);
            Assert.That(lines, Does.Contain("output 17 0").And.Contain("output 27 0").And.Contain("output 22 0"), "warning, alarm and fault lines requested as outputs, off");
            Assert.That(output, Does.Contain("libgpiod v1 on gpiochip0 'fake-gpio' (32 lines)"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Compile(string source, string library)
    {
        string? cc = new[] { "cc", "gcc", "clang" }.Select(Which).FirstOrDefault(p => p is not null);
        if (cc is null) Assert.Ignore("no C compiler to build the fake libgpiod");
        var psi = new ProcessStartInfo(cc) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-shared", "-fPIC", "-O1", "-o", library, source }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(0), $"compiling the fake libgpiod: {errors}");
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
