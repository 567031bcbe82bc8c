using System.Diagnostics;
using EdgeAE.Device.Options;
using EdgeAE.Device.Plant;

namespace EdgeAE.Device.Tests.Support;

/// <summary>Common settings of the MQTT tests: a board logged in to the test broker over TLS.</summary>
public static class PlantSetup
{
    public const string Group = "plant1";

    public static MqttOptions Board(MosquittoBroker broker, string node, string? passwordFile = null, string? caFile = null) => new()
    {
        Enabled = true,
        Broker = broker.Url,
        Group = Group,
        Node = node,
        Username = MosquittoBroker.BoardUser,
        PasswordFile = passwordFile ?? broker.BoardPasswordFile,
        CaFile = caFile ?? broker.Tls.CaFile,
        TelemetrySeconds = 0.25,
        ReconnectMinSeconds = 0.2,
        ReconnectMaxSeconds = 1,
    };

    /// <summary>The same as command-line configuration for a child daemon.</summary>
    public static string[] BoardArgs(MosquittoBroker broker, string node) =>
    [
        "--Mqtt:Enabled", "true", "--Mqtt:Broker", broker.Url, "--Mqtt:Group", Group, "--Mqtt:Node", node,
        "--Mqtt:Username", MosquittoBroker.BoardUser, "--Mqtt:PasswordFile", broker.BoardPasswordFile, "--Mqtt:CaFile", broker.Tls.CaFile,
        "--Mqtt:TelemetrySeconds", "0.5", "--Mqtt:ReconnectMinSeconds", "0.2", "--Mqtt:ReconnectMaxSeconds", "1",
    ];

    /// <summary>A fitted bundle in <paramref name="dir"/> and a board on the faulty pump simulator (events every simulated second), logged in to <paramref name="broker"/>.</summary>
    public static DeviceOptions FaultyBoard(string dir, MosquittoBroker broker, string node)
    {
        string bundle = Path.Combine(dir, "pump.onnx");
        PcaBundle.Fit(DeviceHarness.CleanSimulatorTable(2000), window: 16, components: 12, bundle);
        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Source = FaultySimulator();
        o.Health.StuckSamples = 5;
        o.Health.ClearAfterSamples = 3;
        o.Mqtt = Board(broker, node);
        return o;
    }

    public static SourceOptions FaultySimulator(double speed = 20) => new()
    {
        Kind = SourceKind.Simulator,
        Speed = speed,
        Simulator = new SimulatorOptions { FaultEverySeconds = 1, FaultSeconds = 0.4, FirstFaultAfterSeconds = 1 },
    };

    public static void RequireMosquitto()
    {
        if (!MosquittoBroker.Available)
            Assert.Fail("mosquitto is not installed (apt-get install mosquitto mosquitto-clients; .ci/run installs it)");
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) Assert.Fail($"timed out after {timeout.TotalSeconds} s waiting for {what}");
            Thread.Sleep(50);
        }
    }
}
