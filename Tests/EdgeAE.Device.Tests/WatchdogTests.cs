using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests;

/// <summary>With WATCHDOG_USEC set, the daemon sends WATCHDOG=1 to $NOTIFY_SOCKET at about half the period.</summary>
public class WatchdogTests
{
    [Test]
    public void PingsTheNotifySocketAtHalfThePeriod()
    {
        string dir = TestPaths.TempDir("watchdog");
        try
        {
            string bundle = Path.Combine(dir, "pump.onnx");
            PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(1000), window: 8, components: 4, bundle);
            using var socket = new NotifySocket(dir, TimeSpan.FromSeconds(10));
            var psiEnv = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socket.Path, ["WATCHDOG_USEC"] = "600000" };
            using var daemon = new DaemonProcess(dir, psiEnv, "--demo", "--Model:Path", bundle, "--Journal:Directory", Path.Combine(dir, "journal"));
            var pings = new List<DateTime>();
            while (pings.Count < 4)
                if (socket.Receive().Contains("WATCHDOG=1")) pings.Add(DateTime.UtcNow);
            var gaps = pings.Zip(pings.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
            Assert.That(gaps, Has.All.InRange(150, 550), "pings every ~300 ms (half of 600 ms)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
