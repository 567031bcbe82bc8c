using System.IO.Ports;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Sensors;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Sources;

/// <summary>CSV lines from a UART. A port that disappears (USB adapter unplugged) is reported as a sensor fault and reopened with backoff.</summary>
public sealed class SerialSource : LineSourceBase, IFrameSource
{
    private readonly SerialOptions options;
    private readonly ILogger logger;
    private SerialPort? port;

    public SerialSource(SerialOptions options, IReadOnlyList<string> channels, ILogger logger, StreamClock clock) : base(channels, logger, clock)
    {
        this.options = options;
        this.logger = logger;
    }

    public override string Description => $"serial: {options.Port} at {options.BaudRate} baud, {Channels.Count} channels";
    public override bool IsFinite => false;

    public override void Run(IFrameWriter writer, CancellationToken cancellation)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                port ??= Open();
                string line = port.ReadLine();
                backoff = TimeSpan.FromMilliseconds(250);
                if (!Deliver(line, writer)) return;
            }
            catch (TimeoutException)
            {
                // No line within the read timeout: the health monitor decides when that means "down".
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                writer.ReportFault(new SensorFault(options.Port, SensorFaultKind.Down, e.Message));
                logger.LogWarning("serial: {Port}: {Problem}; retrying in {Delay} ms", options.Port, e.Message, (int)backoff.TotalMilliseconds);
                port?.Dispose();
                port = null;
                cancellation.WaitHandle.WaitOne(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    /// <summary>Opens and closes the port: it exists and this user may use it.</summary>
    public string? Probe()
    {
        try
        {
            using var p = Open();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return $"Source:Serial:Port: cannot open {options.Port}: {e.Message.Split('\n')[0]}";
        }
    }

    private SerialPort Open()
    {
        var p = new SerialPort(options.Port, options.BaudRate) { NewLine = "\n", ReadTimeout = 500 };
        p.Open();
        return p;
    }

    public override void Dispose() => port?.Dispose();
}
