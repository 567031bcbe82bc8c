using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Link;
using EdgeAE.Plant.Sparkplug;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae fleet simulate`: N simulated boards in this process, each its own MQTT connection and
/// Sparkplug session built by the same payload code as the daemon (NDEATH will, NBIRTH, DBIRTH,
/// DDATA telemetry at the given rate, rebirth on request). For load tests of brokers and of
/// `edgeae fleet`; the boards' scores are synthetic.
/// </summary>
public static class FleetSimulateCommand
{
    private static readonly string[] Channels = ["vib_x", "vib_y", "vib_z", "current", "pressure", "temperature"];

    public static Command Create()
    {
        var broker = new BrokerOptions();
        var boards = new Option<int>("--boards") { Description = "Simulated boards", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "Telemetry messages per second per board", DefaultValueFactory = _ => 1 };
        var seconds = new Option<double>("--seconds") { Description = "How long to publish", DefaultValueFactory = _ => 30 };
        var prefix = new Option<string>("--node-prefix") { Description = "Node ids are <prefix>-000, <prefix>-001, …", DefaultValueFactory = _ => "sim" };
        var command = new Command("simulate", "Run simulated Sparkplug boards against a broker (load tests)") { boards, rate, seconds, prefix };
        broker.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            int n = r.GetValue(boards);
            double hz = r.GetValue(rate);
            if (n < 1 || hz <= 0) throw new UsageException("--boards and --rate must be positive");
            string group = r.GetValue(broker.Group) ?? "edgeae";
            var settings = broker.Settings(r, "sim");
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            stop.CancelAfter(TimeSpan.FromSeconds(r.GetValue(seconds)));
            var sw = Stopwatch.StartNew();
            double cpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var sims = Enumerable.Range(0, n).Select(i => new SimulatedBoard(settings, group, $"{r.GetValue(prefix)}-{i:D3}", hz, i)).ToList();
            var runs = sims.Select(s => s.RunAsync(stop.Token)).ToArray();
            try { await Task.WhenAll(runs); } catch (OperationCanceledException) { }
            double elapsed = sw.Elapsed.TotalSeconds;
            long sent = sims.Sum(s => s.Sent);
            Console.WriteLine(new JsonObject
            {
                ["boards"] = n,
                ["connected"] = sims.Count(s => s.Connected),
                ["messages_sent"] = sent,
                ["seconds"] = Math.Round(elapsed, 2),
                ["messages_per_second"] = Math.Round(sent / elapsed, 1),
                ["failures"] = sims.Sum(s => s.Failures),
                ["simulator_cpu_seconds"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpu0, 2),
            }.ToJsonString());
            return 0;
        });
        return command;
    }

    private sealed class SimulatedBoard(LinkSettings template, string group, string node, double hz, int index)
    {
        private readonly SparkplugEdgeNode edge = new(group, node, "detector");
        private readonly Random random = new(index);
        private volatile bool rebirth;

        public long Sent { get; private set; }
        public long Failures { get; private set; }
        public bool Connected { get; private set; }

        public async Task RunAsync(CancellationToken stop)
        {
            using var client = EdgeAE.Plant.Link.TcpChannelFactory.CreateClient();
            var settings = new LinkSettings
            {
                Broker = template.Broker,
                ClientId = $"edgeae-sim-{node}",
                Username = template.Username,
                Password = template.Password,
                CaFile = template.CaFile,
                ClientCertFile = template.ClientCertFile,
                ClientKeyFile = template.ClientKeyFile,
            };
            ulong bdSeq = 0;
            var options = LinkOptionsFactory.Create(settings).WithCleanSession(true)
                .WithWillTopic(edge.Topic(SparkplugMessageType.NDEATH)).WithWillPayload(SparkplugEdgeNode.Death(bdSeq, DateTimeOffset.UtcNow))
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            client.ApplicationMessageReceivedAsync += e =>
            {
                var problems = new List<string>();
                if (SparkplugCommandCodec.Decode(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), problems).Any(c => c.Command.Command == PlantCommand.RebirthName))
                    rebirth = true;
                return Task.CompletedTask;
            };
            // Spread the connects and the publishing phase over one period, as real boards would be.
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() / hz), stop);
            await client.ConnectAsync(options, stop);
            await client.SubscribeAsync(edge.Topic(SparkplugMessageType.NCMD), MqttQualityOfServiceLevel.AtLeastOnce, stop);
            Connected = true;
            await Births(client, bdSeq, stop);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / hz));
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    if (rebirth)
                    {
                        rebirth = false;
                        await Births(client, bdSeq, stop);
                    }
                    await Publish(client, edge.Topic(SparkplugMessageType.DDATA), edge.DeviceData(Sample(), DateTimeOffset.UtcNow, historical: false), stop);
                }
            }
            catch (OperationCanceledException)
            {
            }
            try
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            }
            catch (Exception)
            {
            }
        }

        private async Task Births(IMqttClient client, ulong bdSeq, CancellationToken stop)
        {
            await Publish(client, edge.Topic(SparkplugMessageType.NBIRTH), edge.NodeBirth(bdSeq, "edgeae fleet simulate", DateTimeOffset.UtcNow), stop);
            await Publish(client, edge.Topic(SparkplugMessageType.DBIRTH), edge.DeviceBirth(Sample(), DateTimeOffset.UtcNow), stop);
        }

        private async Task Publish(IMqttClient client, string topic, byte[] payload, CancellationToken stop)
        {
            try
            {
                await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build(), stop);
                Sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failures++;
            }
        }

        private TelemetrySample Sample() => new()
        {
            At = DateTime.UtcNow,
            Score = (float)(0.2 + 0.05 * random.NextDouble()),
            ModelHash = "5e1f0c0ffee0",
            ModelVersion = "int8 simulated",
            Channels = Channels,
            Contributions = Channels.Select(_ => (float)random.NextDouble() / Channels.Length).ToArray(),
            FramesIn = Sent * 50,
            WindowsScored = Sent * 5,
        };
    }
}
