namespace EdgeAE.Device.Sensors;

/// <summary>
/// A sensor that cannot deliver data any more, after transient errors were retried.
/// Carries which sensor (the chip's configured name) and what kind of fault, so the daemon can raise
/// a distinct sensor-fault alert instead of feeding garbage into the model.
/// </summary>
public sealed class SensorFaultException : Exception
{
    public SensorFaultException(string sensor, SensorFaultKind kind, string message, Exception? inner = null)
        : base($"sensor '{sensor}' {Describe(kind)}: {message}", inner)
    {
        Sensor = sensor;
        Kind = kind;
        Detail = message;
    }

    /// <summary>The configured name of the failing chip (e.g. <c>adxl345</c>).</summary>
    public string Sensor { get; }

    public SensorFaultKind Kind { get; }

    /// <summary>The message without the sensor/kind prefix.</summary>
    public string Detail { get; }

    private static string Describe(SensorFaultKind kind) => kind switch
    {
        SensorFaultKind.Down => "is down",
        SensorFaultKind.Stuck => "is stuck",
        SensorFaultKind.NotFound => "not found",
        SensorFaultKind.BadData => "sends bad data",
        _ => "failed",
    };
}
