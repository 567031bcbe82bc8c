using System.Security.Cryptography;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Export.Cli;
using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Fleet;
using EdgeAE.Plant.Link;
using EdgeAE.Plant.Signing;
using EdgeAE.Plant.Sparkplug;

namespace EdgeAE.Device.Tests.Plant;

/// <summary>
/// Commands over an authenticated connection to this node only: a deploy with a bad SHA-256, an
/// unsigned one and one signed by an unknown key are refused and journaled while the old model keeps
/// scoring; `edgeae fleet deploy` with a signed bundle is accepted and hot-reloaded; `edgeae fleet
/// --json` shows the board; acknowledge works; a command for another node is not taken.
/// </summary>
public class DeployCommandTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("deploy");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public async Task OnlySignedBundlesWithTheRightHashAreDeployed()
    {
        PlantSetup.RequireMosquitto();
        using var broker = new MosquittoBroker(dir);
        string trustedKey = Path.Combine(dir, "release"), strangerKey = Path.Combine(dir, "stranger");
        BundleSigner.CreateKey(trustedKey + ".key", trustedKey + ".pub");
        BundleSigner.CreateKey(strangerKey + ".key", strangerKey + ".pub");

        string bundle = Path.Combine(dir, "model", "pump.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(bundle)!);
        var training = DeviceHarness.CleanSimulatorTable(3000);
        string oldGraph = PcaBundle.Fit(training, window: 16, components: 12, bundle).Provenance.GraphSha256;
        string next = Path.Combine(dir, "next.onnx");
        string newGraph = PcaBundle.Fit(training, window: 16, components: 8, next).Provenance.GraphSha256;
        byte[] nextBytes = File.ReadAllBytes(next);

        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Model.ReloadPollSeconds = 0.3;
        o.Source = new Options.SourceOptions { Kind = Options.SourceKind.Simulator, Speed = 4, Simulator = new Options.SimulatorOptions { FaultEverySeconds = 0 } };
        o.Mqtt = PlantSetup.Board(broker, "pump-9");
        o.Mqtt.Deploy.TrustedKeys = [trustedKey + ".pub"];
        using var h = new DeviceHarness(o);
        h.Components.Watcher!.Start();
        var link = h.Components.Plant!.Link;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await link.StartAsync(cts.Token);
        var run = Task.Factory.StartNew(() => h.Pipeline.Run(cts.Token), TaskCreationOptions.LongRunning);
        PlantSetup.WaitUntil(() => link.Connected && h.Pipeline.WindowsScored > 10, TimeSpan.FromSeconds(20), "the board online and scoring");

        await using var plant = new FleetClient(new LinkSettings
        {
            Broker = BrokerAddress.Parse(broker.Url),
            ClientId = "plant-deploy",
            Username = MosquittoBroker.PlantUser,
            Password = MosquittoBroker.PlantPassword,
            CaFile = broker.Tls.CaFile,
        }, sparkplug: true);
        await plant.ConnectAsync(PlantSetup.Group, cts.Token);

        BundleSignature Sign(byte[] bytes, string key)
        {
            using var k = BundleSigner.LoadKey(key + ".key");
            return BundleSigner.Sign(bytes, k);
        }
        async Task<string> Refused(string id, PlantCommand c)
        {
            c.Command = PlantCommand.DeployName;
            c.Id = id;
            c.Index = 0;
            c.Count = 1;
            await plant.SendAsync(PlantSetup.Group, "pump-9", c, nextBytes, cts.Token);
            PlantSetup.WaitUntil(() => Rejection(h, id) is not null, TimeSpan.FromSeconds(10), $"the board to refuse {id}");
            return Rejection(h, id)!;
        }

        // A bundle whose bytes do not match the claimed SHA-256 (and the signature over that claim).
        var tampered = (byte[])nextBytes.Clone();
        tampered[^1] ^= 1;
        var tamperedSig = Sign(tampered, trustedKey);
        Assert.That(await Refused("bad-hash", new PlantCommand { Sha256 = tamperedSig.Sha256, Signature = tamperedSig }), Does.Contain("SHA-256 mismatch"));
        string sha = Convert.ToHexStringLower(SHA256.HashData(nextBytes));
        Assert.That(await Refused("unsigned", new PlantCommand { Sha256 = sha }), Does.Contain("unsigned bundle"));
        Assert.That(await Refused("stranger", new PlantCommand { Sha256 = sha, Signature = Sign(nextBytes, strangerKey) }), Does.Contain("not by a trusted key"));
        long scored = h.Pipeline.WindowsScored;
        PlantSetup.WaitUntil(() => h.Pipeline.WindowsScored > scored + 10, TimeSpan.FromSeconds(10), "scoring to go on");
        Assert.That(h.Pipeline.Scorer.Manifest.Provenance.GraphSha256, Is.EqualTo(oldGraph), "the old model keeps running");
        Assert.That(File.ReadAllBytes(bundle), Is.Not.EqualTo(nextBytes), "a refused bundle never touches Model:Path");

        // A command addressed to another node is not taken, even on a topic this board could see.
        await plant.SendAsync(PlantSetup.Group, "pump-10", new PlantCommand { Command = PlantCommand.AcknowledgeName }, ReadOnlyMemory<byte>.Empty, cts.Token);
        await plant.SendAsync(PlantSetup.Group, "pump-9", new PlantCommand { Command = PlantCommand.AcknowledgeName }, ReadOnlyMemory<byte>.Empty, cts.Token);
        PlantSetup.WaitUntil(() => h.Components.Alerts.Acknowledgements > 0, TimeSpan.FromSeconds(10), "the acknowledge command");
        Assert.That(h.Components.Alerts.Acknowledgements, Is.EqualTo(1));

        // The workstation path: sign, then `edgeae fleet deploy` reports the board's acceptance.
        var signOut = await Cli("sign", next, "--key", trustedKey + ".key", "--json");
        Assert.That(signOut.Code, Is.EqualTo(0), signOut.Output);
        var deploy = await Cli("fleet", "deploy", next, "--node", "pump-9", "--group", PlantSetup.Group, "--broker", broker.Url,
            "--username", MosquittoBroker.PlantUser, "--password-file", broker.PlantPasswordFile, "--ca", broker.Tls.CaFile,
            "--chunk-bytes", "4096", "--timeout", "30", "--json");
        Assert.That(deploy.Code, Is.EqualTo(0), deploy.Output + " | journal: " + string.Join(" | ", h.Journal().TakeLast(6).Select(e => e.ToString())));
        Assert.That(deploy.Output, Does.Contain("\"result\":\"accepted\""));
        Assert.That(h.Pipeline.Scorer.Manifest.Provenance.GraphSha256, Is.EqualTo(newGraph));
        var kinds = h.Journal().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.That(kinds, Does.Contain("deploy-accepted").And.Contain("model-reloaded").And.Contain("acknowledged"));

        // The fleet view sees the board with its new model.
        var fleet = await Cli("fleet", "--broker", broker.Url, "--group", PlantSetup.Group, "--username", MosquittoBroker.PlantUser,
            "--password-file", broker.PlantPasswordFile, "--ca", broker.Tls.CaFile, "--json", "--wait", "2");
        Assert.That(fleet.Code, Is.EqualTo(0), fleet.Output);
        using var doc = System.Text.Json.JsonDocument.Parse(fleet.Output);
        var board = doc.RootElement.GetProperty("boards").EnumerateArray().Single(b => b.GetProperty("node").GetString() == "pump-9");
        Assert.That(board.GetProperty("online").GetBoolean(), Is.True);
        Assert.That(board.GetProperty("model_hash").GetString(), Is.EqualTo(newGraph[..12]));
        Assert.That(board.GetProperty("seq_gaps").GetInt64(), Is.Zero);

        cts.Cancel();
        run.Wait(TimeSpan.FromSeconds(10));
        await link.StopAsync(CancellationToken.None);
    }

    private static string? Rejection(DeviceHarness h, string id) =>
        h.Journal().Where(e => e.GetProperty("kind").GetString() == "model-rejected")
            .Select(e => e.GetProperty("message").GetString()).FirstOrDefault(m => m!.StartsWith($"deploy {id}:", StringComparison.Ordinal));

    private static readonly SemaphoreSlim ConsoleGate = new(1);

    private static async Task<(int Code, string Output)> Cli(params string[] args)
    {
        await ConsoleGate.WaitAsync();
        var previous = Console.Out;
        var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            int code = await CliApp.RunAsync(args);
            return (code, capture.ToString().Trim());
        }
        finally
        {
            Console.SetOut(previous);
            ConsoleGate.Release();
        }
    }
}
