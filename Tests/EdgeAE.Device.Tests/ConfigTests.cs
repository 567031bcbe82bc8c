using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests;

/// <summary>A bad configuration stops the real daemon process with exit code 78 and exactly one line naming the key.</summary>
public class ConfigTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("config");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [TestCase(new[] { "--Source:Kind", "Foo" }, "edgeae-device: config error: Source:Kind: cannot convert 'Foo' to SourceKind (expected one of Simulator, Replay, Stdin, Udp, Serial, Chips)")]
    [TestCase(new[] { "--Model:Threads", "0" }, "edgeae-device: config error: Model:Threads: must be between 1 and 64")]
    [TestCase(new[] { "--Source:Kind", "Replay" }, "edgeae-device: config error: Source:Path: is required when Source:Kind is Replay (the CSV file to play back)")]
    [TestCase(new[] { "--Health:DownAfter", "00:00:00.001" }, "edgeae-device: config error: Health:DownAfter: must be between 00:00:00.05 and 1.00:00:00, got 00:00:00.0010000")]
    [TestCase(new[] { "--Alerts:AlarmPin", "17" }, "edgeae-device: config error: Alerts:AlarmPin: line 17 is used by WarningPin and AlarmPin")]
    [TestCase(new[] { "--Mqtt:Enabled", "true" }, "edgeae-device: config error: Mqtt:Broker: is required when Mqtt:Enabled is true (mqtt://host:1883 or mqtts://host:8883)")]
    [TestCase(new[] { "--Mqtt:Enabled", "true", "--Mqtt:Broker", "http://plant:80" }, "edgeae-device: config error: Mqtt:Broker: 'http://plant:80': scheme 'http' is not mqtt:// or mqtts://")]
    [TestCase(new[] { "--Mqtt:TelemetrySeconds", "0" }, "edgeae-device: config error: Mqtt:TelemetrySeconds: must be between 0.1 and 86400")]
    [TestCase(new[] { "--Mqtt:Protocol", "Opc" }, "edgeae-device: config error: Mqtt:Protocol: cannot convert 'Opc' to PlantProtocol (expected one of SparkplugB, Json)")]
    [TestCase(new[] { "--Mqtt:Enabled", "true", "--Mqtt:Broker", "mqtt://127.0.0.1", "--Mqtt:Username", "board" }, "edgeae-device: config error: Mqtt:PasswordFile: Mqtt:Username needs Mqtt:PasswordFile (the password is read from a file, never from configuration)")]
    [TestCase(new[] { "--Mqtt:Enabled", "true", "--Mqtt:Broker", "mqtt://127.0.0.1", "--Mqtt:Node", "line/3" }, "edgeae-device: config error: Mqtt:Node: 'line/3' must not contain '/', '+' or '#' (it is one MQTT topic level)")]
    [TestCase(new[] { "--Metrics:Enabled", "true", "--Metrics:Bind", "localhost" }, "edgeae-device: config error: Metrics:Bind: 'localhost' is not an IP address")]
    public void BadConfigExitsWithOneLine(string[] args, string expected)
    {
        using var daemon = new DaemonProcess(dir, args);
        int code = daemon.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.That(code, Is.EqualTo(78));
        Assert.That(daemon.Stderr.ToArray(), Is.EqualTo(new[] { expected }));
        Assert.That(daemon.Stdout, Is.Empty, "nothing may start before the configuration is valid");
    }

    [Test]
    public void EnvironmentVariablesAreConfiguration()
    {
        var psiArgs = Array.Empty<string>();
        Environment.SetEnvironmentVariable("EDGEAE_Source__Udp__Port", "70000");
        Environment.SetEnvironmentVariable("EDGEAE_Source__Kind", "Udp");
        try
        {
            using var daemon = new DaemonProcess(dir, psiArgs);
            Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(78));
            Assert.That(daemon.Stderr.Single(), Is.EqualTo("edgeae-device: config error: Source:Udp:Port: must be between 1 and 65535"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("EDGEAE_Source__Udp__Port", null);
            Environment.SetEnvironmentVariable("EDGEAE_Source__Kind", null);
        }
    }

    [Test]
    public void MalformedJsonConfigIsOneLine()
    {
        string json = Path.Combine(dir, "bad.json");
        File.WriteAllText(json, "{ \"Source\": { \"Kind\": \"Replay\", } ");
        using var daemon = new DaemonProcess(dir, new Dictionary<string, string> { ["EDGEAE_CONFIG"] = json });
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(78));
        Assert.That(daemon.Stderr, Has.Count.EqualTo(1));
        Assert.That(daemon.Stderr.Single(), Does.StartWith("edgeae-device: config error: Failed to load configuration from file").And.Contain("bad.json"));
    }

    [Test]
    public void MissingBundleIsOneLine()
    {
        using var daemon = new DaemonProcess(dir, "--Model:Path", Path.Combine(dir, "nope.onnx"));
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(78));
        Assert.That(daemon.Stderr.Last(), Is.EqualTo($"edgeae-device: Model:Path: '{Path.Combine(dir, "nope.onnx")}' does not exist"));
    }
}
