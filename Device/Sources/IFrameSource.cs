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

    void Run(IFrameWriter writer, CancellationToken cancellation);
}

/// <summary>Where a source delivers frames; thread-safe for one producer.</summary>
public interface IFrameWriter
{
    /// <summary>Hands over one frame (copied). Returns false when the pipeline is shutting down.</summary>
    bool Write(DateTime timestamp, ReadOnlySpan<float> values);

    /// <summary>A sensor the source could not read (bus error after retries, port gone).</summary>
    void ReportFault(string sensor, string message);
}
