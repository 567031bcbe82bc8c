using EdgeAE.Device.Alerts;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Sensors;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Sources;

/// <summary>
/// I2C/SPI sensor chips (ADXL345, MPU6050, ADS1115, MCP3008) read as one aligned multi-channel frame
/// through <see cref="ChipArray"/>. Bus errors the array could not retry away arrive as
/// <see cref="SensorFaultException"/>: they are reported as sensor faults and the array is polled
/// again with backoff (it re-initialises the failed chip) — the daemon never stops over a sensor.
/// </summary>
public sealed class ChipSource : IFrameSource
{
    private readonly IReadOnlyList<ChipOptions> chips;
    private readonly SensorBusFactory buses;
    private readonly ILogger logger;
    private readonly IReadOnlyList<string> channels;
    private readonly StreamClock clock;
    private ChipArray? array;
    private SensorFault? openProblem;
    private long lastTransientLog;
    private bool loggedTransient;

    public ChipSource(IReadOnlyList<ChipOptions> chips, IPinBackend pins, ILogger logger, StreamClock clock, SensorBusFactory? buses = null)
    {
        this.chips = chips;
        this.logger = logger;
        this.clock = clock;
        // ALERT/RDY pins (ADS1115) are read through the daemon's GPIO backend: open-drain, active low.
        this.buses = buses ?? new HardwareSensorBusFactory(pin =>
        {
            pins.OpenInput(pin, "conversion-ready");
            return () => !pins.Read(pin);
        });
        channels = ChipFactory.ChannelNames(chips);
        TryOpen();
        if (openProblem is not null)
            logger.LogError("chips: {Problem}; reported as a sensor fault, retrying", openProblem.Value.Message);
    }

    public IReadOnlyList<string> Channels => channels;
    public string Description => $"chips: {string.Join(", ", chips.Select(c => $"{c.Kind} on {c.Bus}"))} → {channels.Count} channels at {Rate:0.#} Hz";
    public bool IsFinite => false;

    /// <summary>The longest stuck run a chip's own check needs (Source:Chips:N:StuckSamples).</summary>
    public int StuckDetectionSamples => chips.Max(c => c.StuckSamples);

    /// <summary>Every chip opened, identified and configured at construction (null), or why not.</summary>
    public string? Probe() => openProblem is { } p ? $"Source:Chips: {p.Message}" : null;

    private double Rate => array?.RateHz ?? chips.Max(c => c.RateHz ?? 100);

    private bool TryOpen()
    {
        try
        {
            array = ChipArray.Open(chips, buses, time: clock.Time);
            array.TransientError = OnTransient;
            openProblem = null;
            return true;
        }
        catch (SensorFaultException e)
        {
            openProblem = e.Fault;
            return false;
        }
    }

    private void OnTransient(string sensor, int attempt, Exception e)
    {
        // Retried errors are normal on long cables; log at most one per 10 s.
        long now = clock.Time.GetTimestamp();
        if (loggedTransient && clock.Time.GetElapsedTime(lastTransientLog, now) < TimeSpan.FromSeconds(10)) return;
        loggedTransient = true;
        lastTransientLog = now;
        logger.LogWarning("chips: {Sensor}: transient bus error (attempt {Attempt}): {Problem}", sensor, attempt, e.Message);
    }

    public void Run(IFrameWriter writer, CancellationToken cancellation)
    {
        int width = channels.Count;
        // About 10 ms of frames per read: FIFO chips deliver bursts, polled chips one sample.
        int maxFrames = Math.Max(1, (int)Math.Ceiling(Rate / 100));
        var buffer = new float[maxFrames * width];
        var idle = TimeSpan.FromMilliseconds(Math.Clamp(1000 / Rate, 1, 10));
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!cancellation.IsCancellationRequested)
        {
            if (array is null)
            {
                if (!TryOpen())
                {
                    writer.ReportFault(openProblem!.Value);
                    cancellation.WaitHandle.WaitOne(backoff);
                    backoff = Next(backoff);
                    continue;
                }
                logger.LogInformation("chips: opened {Channels}", string.Join(", ", channels));
            }
            int frames;
            try
            {
                frames = array!.ReadFrames(buffer, maxFrames);
                backoff = TimeSpan.FromMilliseconds(100);
            }
            catch (SensorFaultException e)
            {
                writer.ReportFault(e.Fault);   // typed: a stuck chip stays Stuck all the way to the pipeline
                cancellation.WaitHandle.WaitOne(backoff);
                backoff = Next(backoff);
                continue;
            }
            if (frames == 0)
            {
                cancellation.WaitHandle.WaitOne(idle);
                continue;
            }
            // The frames of one read span the last frames/rate seconds; stamp them evenly up to now.
            var now = clock.Now;
            var period = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / Rate));
            for (int f = 0; f < frames; f++)
                if (!writer.Write(now - period * (frames - 1 - f), buffer.AsSpan(f * width, width))) return;
        }
    }

    private static TimeSpan Next(TimeSpan t) => TimeSpan.FromTicks(Math.Min(t.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));

    public void Dispose() => array?.Dispose();
}
