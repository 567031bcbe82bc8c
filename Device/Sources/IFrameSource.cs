using EdgeAE.Device.Sensors;

namespace EdgeAE.Device.Sources;

/// <summary>
/// Something that produces multi-channel frames. <see cref="Run"/> is called once on a dedicated
/// thread; it returns when the data ends (finite sources) or when cancelled.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>Channel names, in the order of the values written.</summary>
    IReadOnlyList<string> Channels { get; }

    /// <summary>One line for the log: what is being read, from where.</summary>
    string Description { get; }

    /// <summary>True when the data can end (a file, stdin); false for live sensors.</summary>
    bool IsFinite { get; }

    /// <summary>
    /// True when frames carry the recording's own timestamps (replay); false when the source stamps
    /// them with the daemon's <see cref="Pipeline.StreamClock"/> (live sensors), whose times the
    /// journal maps back to the wall clock.
    /// </summary>
    bool RecordedTime => false;

    /// <summary>
    /// Checks that the sensors behind the source answer (opens chips and ports) without delivering
    /// data: null when they do, else the problem in one line. Used by <c>--check-config</c>.
    /// </summary>
    string? Probe() => null;

    /// <summary>Samples a stuck run lasts before the source's own check reports it (0 = it has none); the pipeline holds back at least that many.</summary>
    int StuckDetectionSamples => 0;

    void Run(IFrameWriter writer, CancellationToken cancellation);
}

/// <summary>Where a source delivers frames; thread-safe for one producer.</summary>
public interface IFrameWriter
{
    /// <summary>Hands over one frame (copied). Returns false when the pipeline is shutting down.</summary>
    bool Write(DateTime timestamp, ReadOnlySpan<float> values);

    /// <summary>A sensor the source could not read, in stream order: it applies after the frames written before it.</summary>
    void ReportFault(SensorFault fault);
}
