using EdgeAE.Device.Pipeline;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Sources;

/// <summary>Shared handling of text lines for stdin, UDP text and serial: parse, count and report bad lines (rate-limited).</summary>
public abstract class LineSourceBase : IFrameSource
{
    private readonly CsvLineParser parser;
    private readonly float[] values;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private long lastWarning;
    private bool warned;

    protected LineSourceBase(IReadOnlyList<string> channels, ILogger logger, StreamClock clock)
    {
        Channels = channels;
        Clock = clock;
        time = clock.Time;
        parser = new CsvLineParser(channels, clock);
        values = new float[channels.Count];
        this.logger = logger;
    }

    public IReadOnlyList<string> Channels { get; }
    protected StreamClock Clock { get; }
    public abstract string Description { get; }
    public abstract bool IsFinite { get; }
    public long MalformedLines => parser.Malformed;

    public abstract void Run(IFrameWriter writer, CancellationToken cancellation);

    /// <summary>Parses and forwards one line; false when the pipeline is shutting down.</summary>
    protected bool Deliver(ReadOnlySpan<char> line, IFrameWriter writer)
    {
        var result = parser.Parse(line, values, out var t);
        if (result == CsvLineParser.Result.Frame) return writer.Write(t, values);
        if (parser.LastProblem is { } problem && (!warned || time.GetElapsedTime(lastWarning) > TimeSpan.FromSeconds(10)))
        {
            warned = true;
            lastWarning = time.GetTimestamp();
            logger.LogWarning("{Source}: skipped a line: {Problem} ({Count} malformed so far)", Description, problem, parser.Malformed);
        }
        return true;
    }

    public virtual void Dispose() { }
}
