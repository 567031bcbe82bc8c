using EdgeAE.Runtime.Data;

namespace EdgeAE.Device.Sources;

/// <summary>
/// Plays a recorded CSV/.f32 file back at its recorded rate × speed (0 = as fast as possible),
/// optionally looping; looped passes keep timestamps increasing.
/// </summary>
public sealed class ReplaySource : IFrameSource
{
    private readonly SensorTable table;
    private readonly double speed;
    private readonly bool loop;
    private readonly TimeProvider time;
    private readonly TimeSpan burst;
    private readonly IReadOnlyList<string> channels;

    /// <param name="frontEnd">The bundle's front end: a WAV at another sample rate is refused (its frequencies would be wrong).</param>
    public ReplaySource(string path, IReadOnlyList<string>? columns, double speed, bool loop, TimeProvider? time = null, TimeSpan burst = default, Runtime.Bundles.FrontEndSpec? frontEnd = null)
    {
        this.time = time ?? TimeProvider.System;
        this.burst = burst;
        // A WAV's channels have no names (c0, c1, …): they are the bundle's channels in order, as `edgeae score` maps them.
        bool wav = path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase);
        table = SensorDataReader.Read(path, new DataReadOptions { Columns = !wav && columns is { Count: > 0 } ? columns : null });
        SampleRateCheck.Require(table, frontEnd);
        channels = table.Channels;
        if (wav && columns is { Count: > 0 })
        {
            if (table.ChannelCount != columns.Count)
                throw new InvalidDataException($"{path}: {table.ChannelCount} channels [{string.Join(", ", table.Channels)}], the bundle expects {columns.Count} [{string.Join(", ", columns)}]");
            channels = columns;
        }
        if (table.Rows == 0) throw new InvalidDataException($"{path}: no data rows");
        this.speed = speed;
        this.loop = loop;
        Description = $"replay: {path} ({table.Rows} rows × {table.ChannelCount} channels, period {Period.TotalMilliseconds:0.###} ms) × {(speed == 0 ? "max" : speed.ToString("0.###"))}{(loop ? ", looping" : "")}";
    }

    public IReadOnlyList<string> Channels => channels;
    public string Description { get; }
    public bool IsFinite => !loop;
    public bool RecordedTime => true;
    public SensorTable Table => table;

    private TimeSpan Period => table.SamplePeriod() ?? TimeSpan.FromSeconds(1);

    public void Run(IFrameWriter writer, CancellationToken cancellation)
    {
        var pacer = new Pacer(speed, time, burst);
        DateTime first = table.TimeOf(0);
        // One pass lasts from the first to the last timestamp plus one period.
        TimeSpan pass = table.TimeOf(table.Rows - 1) - first + Period;
        for (long n = 0; ; n++)
        {
            TimeSpan shift = pass * n;
            for (int r = 0; r < table.Rows; r++)
            {
                DateTime t = table.TimeOf(r);
                if (!pacer.WaitUntil(t - first + shift, cancellation)) return;
                if (!writer.Write(t + shift, table.Row(r))) return;
            }
            if (!loop) return;
        }
    }

    public void Dispose() { }
}
