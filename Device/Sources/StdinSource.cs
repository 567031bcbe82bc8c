using EdgeAE.Device.Pipeline;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Sources;

/// <summary>CSV lines on standard input (e.g. piped from another process); ends at end of input.</summary>
public sealed class StdinSource : LineSourceBase
{
    private readonly TextReader input;

    public StdinSource(IReadOnlyList<string> channels, ILogger logger, StreamClock clock, TextReader? input = null) : base(channels, logger, clock) =>
        this.input = input ?? Console.In;

    public override string Description => $"stdin: CSV lines, {Channels.Count} channels ({string.Join(", ", Channels)})";
    public override bool IsFinite => true;

    public override void Run(IFrameWriter writer, CancellationToken cancellation)
    {
        // ReadLine blocks; the reader thread is a background thread, so shutdown never waits on it.
        while (!cancellation.IsCancellationRequested && input.ReadLine() is { } line)
            if (!Deliver(line, writer)) return;
    }
}
