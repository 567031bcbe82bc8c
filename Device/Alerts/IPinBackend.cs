namespace EdgeAE.Device.Alerts;

/// <summary>The few GPIO operations the alerts need, on physical levels (true = high).</summary>
public interface IPinBackend : IDisposable
{
    string Description { get; }
    void OpenOutput(int line, string name, bool level);
    void Write(int line, bool level);
    /// <summary>Opens an input with pull-up where the driver supports it (button to ground).</summary>
    void OpenInput(int line, string name);
    bool Read(int line);
}
