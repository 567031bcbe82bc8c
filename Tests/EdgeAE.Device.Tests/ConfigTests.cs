using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests;

/// <summary>A bad configuration stops the real daemon process with exit code 78 and exactly one line naming the key.</summary>
public class ConfigTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("config");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    // In the demo (--demo) so that the one key under test is the only problem.
    [TestCase(new[] { "--Source:Kind", "Foo" }, "edgeae-device: config error: Source:Kind: cannot convert 'Foo' to SourceKind (expected one of Simulator, Replay, Stdin, Udp, Serial, Chips, Audio)")]
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
    [TestCase(new[] { "--learn", "--Model:ReloadPollSeconds", "0" }, "edgeae-device: config error: Model:ReloadPollSeconds: must be > 0 with Model:Learn:Enabled: the learned bundle is armed through the hot-reload path")]
    [TestCase(new[] { "--learn", "--Model:Learn:Recipe:Method", "f1" }, "edgeae-device: config error: Model:Learn:Recipe:Method: must be quantile, sigma, mad or pot (the recording has no labels and its time base may jump)")]
    [TestCase(new[] { "--learn", "--Model:Learn:Rows", "500" }, "edgeae-device: config error: Model:Learn:Rows: must be ≥ Model:Learn:Recipe:MinRows (2000), got 500")]
    public void BadConfigExitsWithOneLine(string[] args, string expected)
    {
        using var daemon = new DaemonProcess(dir, ["--demo", .. args]);
        int code = daemon.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.That(code, Is.EqualTo(78));
        Assert.That(daemon.Stderr.ToArray(), Is.EqualTo(new[] { expected }));
        Assert.That(daemon.Stdout, Is.Empty, "nothing may start before the configuration is valid");
    }

    [Test]
    public void EnvironmentVariablesAreConfiguration()
    {
        var psiArgs = new[] { "--demo" };
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
        Assert.That(daemon.Stderr.Single(), Does.StartWith("edgeae-device: config error: Failed to load configuration from file").And.Contain("bad.json")
            .And.Contain("LineNumber: 0"));   // the JSON reader's position, not only "could not parse"
    }

    [Test]
    public void MissingBundleIsOneLine()
    {
        using var daemon = new DaemonProcess(dir, "--demo", "--Model:Path", Path.Combine(dir, "nope.onnx"));
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(78));
        Assert.That(daemon.Stderr.Last(), Is.EqualTo($"edgeae-device: Model:Path: '{Path.Combine(dir, "nope.onnx")}' does not exist"));
    }

    // Outside the demo, each of the three things that would make an installed service watch nothing
    // or drive no pin is a config error naming its key (the other two are given real values).
    [TestCase(new[] { "--Alerts:Driver", "libgpiod", "--Model:Path", "/opt/edgeae/models/pump.onnx" },
        "edgeae-device: config error: Source:Kind: Simulator is the demo's pump simulator, not a sensor: choose Chips, Audio, Serial, Udp, Stdin or Replay (or run the demo with --demo)")]
    [TestCase(new[] { "--Source:Kind", "Stdin", "--Model:Path", "/opt/edgeae/models/pump.onnx" },
        "edgeae-device: config error: Alerts:Driver: simulated drives no GPIO line: choose libgpiod (Raspberry Pi OS bookworm), libgpiod2 or auto (or run the demo with --demo)")]
    public void OutsideTheDemoSimulationIsAConfigError(string[] args, string expected)
    {
        using var daemon = new DaemonProcess(dir, args);
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(78));
        Assert.That(daemon.Stderr.ToArray(), Is.EqualTo(new[] { expected }));
        Assert.That(daemon.Stdout, Is.Empty);
    }

    [Test]
    public void OutsideTheDemoTheDemoBundleIsAConfigError()
    {
        using var daemon = new DaemonProcess(dir, "--Source:Kind", "Stdin", "--Alerts:Driver", "libgpiod");
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(78));
        string demo = Path.Combine(AppContext.BaseDirectory, "demo", "demo.onnx");
        Assert.That(daemon.Stderr.ToArray(), Is.EqualTo(new[] { $"edgeae-device: config error: Model:Path: '{demo}' is the demo bundle (trained on the pump simulator): give your own bundle (or run the demo with --demo)" }));
    }

    [Test]
    public void NoArgumentsIsNotADemoAndSaysSo()
    {
        using var daemon = new DaemonProcess(dir);
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(78));
        Assert.That(daemon.Stderr.Single(), Does.StartWith("edgeae-device: config error: Source:Kind: Simulator is the demo's pump simulator")
            .And.EndWith("(and 2 more: edgeae-device --check-config lists them)"));
    }

    [Test]
    public void CheckConfigListsEveryProblem()
    {
        using var daemon = new DaemonProcess(dir, "--check-config");
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(78));
        Assert.That(daemon.Stderr.Select(l => l.Split(':')[2].Trim() + ":" + l.Split(':')[3]), Is.EqualTo(new[] { "Source:Kind", "Model:Path", "Alerts:Driver" }));
        Assert.That(daemon.Stdout, Is.Empty);
    }

    [Test]
    public void DemoFromTheEnvironmentChecksOutAndPrintsThePlanWithoutScoring()
    {
        using var daemon = new DaemonProcess(dir, new Dictionary<string, string> { ["EDGEAE_Demo"] = "true" },
            "--check-config", "--Journal:Directory", Path.Combine(dir, "journal"));
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(0), string.Join("\n", daemon.Stderr));
        var stdout = daemon.Stdout.Where(l => l.StartsWith("check-config: ", StringComparison.Ordinal) || l.StartsWith("  ", StringComparison.Ordinal)).ToArray();
        Assert.That(stdout[0], Does.StartWith("check-config: DEMO"));
        Assert.That(stdout, Has.Some.StartWith("  model    ").And.Some.StartWith("  outputs  simulated GPIO").And.Some.StartWith("  source   simulator:"));
        Assert.That(stdout[^1], Is.EqualTo("check-config: OK (nothing was scored)"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "journal", "events.jsonl")), Is.Empty, "no event: the daemon never started");
    }

    [Test]
    public void CheckConfigProbesTheSensors()
    {
        // An ADXL345 on an I2C bus that does not exist: the chip cannot be opened, so the plan is refused.
        using var daemon = new DaemonProcess(dir, "--demo", "--check-config", "--Journal:Directory", Path.Combine(dir, "journal"),
            "--Source:Kind", "Chips", "--Source:Chips:0:Kind", "Adxl345", "--Source:Chips:0:BusId", "97",
            "--Source:Chips:0:Names:0", "vib_x", "--Source:Chips:0:Names:1", "vib_y", "--Source:Chips:0:Names:2", "current",
            "--Source:Chips:1:Kind", "Mcp3008", "--Source:Chips:1:Bus", "Spi", "--Source:Chips:1:BusId", "97", "--Source:Chips:1:Inputs:0", "0", "--Source:Chips:1:Inputs:1", "1",
            "--Source:Chips:1:Inputs:2", "2", "--Source:Chips:1:Names:0", "pressure", "--Source:Chips:1:Names:1", "flow", "--Source:Chips:1:Names:2", "temperature");
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(78));
        Assert.That(daemon.Stderr.Last(), Does.StartWith("edgeae-device: Source:Chips: sensor 'adxl345' not found: cannot open"));
        Assert.That(daemon.Stderr.Last(), Does.Not.Contain("\n"));
    }

    [Test]
    public void CheckConfigOpensTheSerialPort()
    {
        using var daemon = new DaemonProcess(dir, "--demo", "--check-config", "--Journal:Directory", Path.Combine(dir, "journal"),
            "--Source:Kind", "Serial", "--Source:Serial:Port", Path.Combine(dir, "ttyNONE"));
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(78));
        Assert.That(daemon.Stderr.Last(), Does.StartWith($"edgeae-device: Source:Serial:Port: cannot open {Path.Combine(dir, "ttyNONE")}"));
    }
}
