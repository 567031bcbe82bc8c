using System.Net.Sockets;
using System.Text;
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
            string socketPath = Path.Combine(dir, "notify.sock");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));
            socket.ReceiveTimeout = 10_000;

            var psiEnv = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "600000" };
            using var daemon = new DaemonProcess(dir, psiEnv, "--Model:Path", bundle, "--Journal:Directory", Path.Combine(dir, "journal"));
            var buffer = new byte[256];
            var pings = new List<DateTime>();
            while (pings.Count < 4)
            {
                int n = socket.Receive(buffer);
                string message = Encoding.UTF8.GetString(buffer, 0, n);
                if (message.Contains("WATCHDOG=1")) pings.Add(DateTime.UtcNow);
            }
            var gaps = pings.Zip(pings.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
            Assert.That(gaps, Has.All.InRange(150, 550), "pings every ~300 ms (half of 600 ms)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
