using System.Text.Json;
using EdgeAE.Device.Journal;
using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Link;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EdgeAE.Device.Plant;

/// <summary>
/// The board's MQTT link, on its own tasks (never the scoring thread): connects with backoff,
/// announces the node, sends journal events from the outbox in order (QoS 1; the cursor moves on
/// each PUBACK), then telemetry from the backlog, and hands commands from this node's command
/// topics to the <see cref="CommandDispatcher"/>. A failing broker is one log line per distinct
/// problem; everything waits on disk or in the bounded backlog until the broker is back.
/// </summary>
public sealed class PlantLink : BackgroundService
{
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(3);

    private readonly MqttOptions options;
    private readonly LinkSettings settings;
    private readonly IPlantProtocol protocol;
    private readonly JournalOutbox outbox;
    private readonly TelemetryBacklog backlog;
    private readonly TelemetrySampler sampler;
    private readonly CommandDispatcher commands;
    private readonly BdSeqStore bdSeqs;
    private readonly SemaphoreSlim signal;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ReconnectBackoff backoff;
    private readonly bool acceptCommands;
    private string? lastProblem;
    private volatile bool rebirth;
    private bool warnedEventsOverBound;

    public PlantLink(MqttOptions options, IPlantProtocol protocol, JournalOutbox outbox, TelemetryBacklog backlog, TelemetrySampler sampler,
        CommandDispatcher commands, BdSeqStore bdSeqs, SemaphoreSlim signal, TimeProvider time, ILogger logger)
    {
        this.options = options;
        settings = PlantIdentity.Link(options);
        this.protocol = protocol;
        this.outbox = outbox;
        this.backlog = backlog;
        this.sampler = sampler;
        this.commands = commands;
        this.bdSeqs = bdSeqs;
        this.signal = signal;
        this.time = time;
        this.logger = logger;
        backoff = new ReconnectBackoff(TimeSpan.FromSeconds(options.ReconnectMinSeconds), TimeSpan.FromSeconds(options.ReconnectMaxSeconds), new Random());
        acceptCommands = options.Commands && settings.Authenticated;
        commands.RebirthRequested = () =>
        {
            rebirth = true;
            Wake();
        };
    }

    public bool Connected { get; private set; }
    public long Connects { get; private set; }
    public long Published { get; private set; }
    public long ConnectFailures { get; private set; }

    /// <summary>Events and telemetry waiting for the broker.</summary>
    public long Backlog => outbox.Pending + backlog.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("mqtt: {Protocol} to {Broker} as {Node}; telemetry every {Period} s; commands {Commands}",
            protocol.Name, settings.Broker, PlantIdentity.NodeId(options), options.TelemetrySeconds,
            acceptCommands ? "accepted (authenticated connection)" : options.Commands ? "refused: the connection is not authenticated (set Mqtt:Username + PasswordFile or a client certificate)" : "off");
        var sampling = SampleLoop(stoppingToken);
        var dispatching = commands.RunAsync(stoppingToken);
        try
        {
            await ConnectionLoop(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(Quiet(sampling), Quiet(dispatching)).ConfigureAwait(false);
            outbox.Cursor.Flush();
        }
    }

    private static async Task Quiet(Task t)
    {
        try { await t.ConfigureAwait(false); } catch (OperationCanceledException) { }
    }

    private void Wake()
    {
        if (signal.CurrentCount == 0) signal.Release();
    }

    private async Task SampleLoop(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.TelemetrySeconds), time);
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            backlog.Add(sampler.Sample(), outbox.PendingBytes);
            if (backlog.EventsOverBound && !warnedEventsOverBound)
                logger.LogWarning("mqtt: unsent events alone exceed Mqtt:MaxBacklogBytes ({Max} bytes): telemetry is dropped, events are kept in the journal", options.MaxBacklogBytes);
            warnedEventsOverBound = backlog.EventsOverBound;
            Wake();
        }
    }

    private async Task ConnectionLoop(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = TcpChannelFactory.CreateClient();
            ulong bdSeq = bdSeqs.Next();
            try
            {
                var mqtt = LinkOptionsFactory.Create(settings).WithCleanSession(true);
                var will = protocol.Will(bdSeq, time.GetUtcNow());
                mqtt.WithWillTopic(will.Topic).WithWillPayload(System.Buffers.BuffersExtensions.ToArray(will.Payload)).WithWillQualityOfServiceLevel(will.QualityOfServiceLevel).WithWillRetain(will.Retain);
                if (acceptCommands) client.ApplicationMessageReceivedAsync += OnMessage;
                var result = await client.ConnectAsync(mqtt.Build(), stop).ConfigureAwait(false);
                if (result.ResultCode != MqttClientConnectResultCode.Success) throw new LinkRefusedException(ConnectFailure.Describe(result.ResultCode));
                if (acceptCommands)
                    foreach (var topic in protocol.CommandTopics)
                        await client.SubscribeAsync(topic, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, stop).ConfigureAwait(false);
                Connects++;
                Connected = true;
                backoff.Reset();
                logger.LogInformation("mqtt: connected to {Broker} (bdSeq {BdSeq}); {Events} events and {Samples} telemetry samples to send",
                    settings.Broker, bdSeq, outbox.Pending, backlog.Count);
                lastProblem = null;
                await Session(client, bdSeq, stop).ConfigureAwait(false);
                // Session returns only when the host stops: say goodbye on the live connection.
                if (client.IsConnected) await Goodbye(client, bdSeq).ConfigureAwait(false);
                break;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Stopped while connecting: the will (if registered) tells the plant.
                break;
            }
            catch (Exception e)
            {
                ConnectFailures++;
                string problem = e is LinkRefusedException ? e.Message : ConnectFailure.Describe(e);
                // One line per distinct problem: a broker down all night must not fill the journal.
                if (problem != lastProblem)
                    logger.LogWarning("mqtt: {Broker}: {Problem}; retrying with backoff up to {Max} s (events wait in the journal)", settings.Broker, problem, options.ReconnectMaxSeconds);
                else
                    logger.LogDebug("mqtt: {Broker}: {Problem}", settings.Broker, problem);
                lastProblem = problem;
            }
            finally
            {
                Connected = false;
            }
            try
            {
                await Task.Delay(backoff.Next(), time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Sends until the host stops (then returns) or the connection fails (then throws). A stop only
    /// interrupts the wait between messages, never a publish in flight: MQTTnet tears the connection
    /// down when a QoS 1 publish is cancelled, and the goodbye needs it.
    /// </summary>
    private async Task Session(IMqttClient client, ulong bdSeq, CancellationToken stop)
    {
        var inFlight = CancellationToken.None;   // bounded by the client's communication timeout
        long historicalUpTo = outbox.Cursor.Delivered + outbox.Pending;   // journaled before this connection
        var connectedAt = time.GetUtcNow().UtcDateTime;
        await Births(client, bdSeq, inFlight).ConfigureAwait(false);
        while (!stop.IsCancellationRequested)
        {
            if (rebirth)
            {
                rebirth = false;
                await Births(client, bdSeq, inFlight).ConfigureAwait(false);
                continue;
            }
            if (outbox.TryPeek(out long seq, out byte[] line))
            {
                var (kind, at) = Describe(line);
                await Publish(client, protocol.Event(seq, kind, at, line, seq <= historicalUpTo, time.GetUtcNow()), inFlight).ConfigureAwait(false);
                outbox.Acknowledged(seq);
                continue;
            }
            if (backlog.TryPeek(out var sample))
            {
                foreach (var m in protocol.Telemetry(sample, sample.At < connectedAt, time.GetUtcNow()))
                    await Publish(client, m, inFlight).ConfigureAwait(false);
                backlog.Remove(sample);
                continue;
            }
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (!client.IsConnected) throw new LinkRefusedException("the broker closed the connection");
        }
    }

    private async Task Births(IMqttClient client, ulong bdSeq, CancellationToken stop)
    {
        foreach (var m in protocol.Births(bdSeq, sampler.Sample(), time.GetUtcNow()))
            await Publish(client, m, stop).ConfigureAwait(false);
    }

    private async Task Publish(IMqttClient client, MqttApplicationMessage message, CancellationToken stop)
    {
        var result = await client.PublishAsync(message, stop).ConfigureAwait(false);
        if (!result.IsSuccess) throw new LinkRefusedException($"the broker refused a message on {message.Topic}: {result.ReasonCode}");
        Published++;
    }

    /// <summary>Clean stop: send what is still queued (briefly), then the deaths, then disconnect.</summary>
    private async Task Goodbye(IMqttClient client, ulong bdSeq)
    {
        using var deadline = new CancellationTokenSource(GoodbyeTimeout);
        try
        {
            while (outbox.TryPeek(out long seq, out byte[] line))
            {
                var (kind, at) = Describe(line);
                await Publish(client, protocol.Event(seq, kind, at, line, false, time.GetUtcNow()), deadline.Token).ConfigureAwait(false);
                outbox.Acknowledged(seq);
            }
            foreach (var m in protocol.Goodbye(bdSeq, time.GetUtcNow()))
                await Publish(client, m, deadline.Token).ConfigureAwait(false);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            logger.LogWarning("mqtt: clean disconnect incomplete ({Problem}); the broker sends the death certificate", ConnectFailure.Describe(e));
        }
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        string topic = e.ApplicationMessage.Topic;
        // Only this node's own command topics; a wildcard or another node's topic is never acted on.
        if (!protocol.CommandTopics.Contains(topic)) return Task.CompletedTask;
        var problems = new List<string>();
        var payload = e.ApplicationMessage.Payload;
        var parsed = protocol.ParseCommands(topic, payload.IsSingleSegment ? payload.FirstSpan : System.Buffers.BuffersExtensions.ToArray(payload), problems);
        foreach (var p in problems) logger.LogWarning("mqtt: command on {Topic} ignored: {Problem}", topic, p);
        foreach (var (command, chunk) in parsed) commands.Enqueue(command, chunk);
        return Task.CompletedTask;
    }

    private static (string Kind, DateTime At) Describe(byte[] line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            string kind = root.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "";
            DateTime at = root.TryGetProperty("at", out var a) && a.TryGetDateTime(out var t) ? t : default;
            return (kind, at);
        }
        catch (JsonException)
        {
            return ("", default);
        }
    }

    private sealed class LinkRefusedException(string message) : Exception(message);
}
