namespace EdgeAE.Device.Sensors;

/// <summary>
/// A sensor that cannot deliver data any more, after transient errors were retried. Carries the typed
/// <see cref="SensorFault"/> (which sensor, what kind), so the daemon raises a distinct sensor-fault
/// alert of the right kind instead of feeding garbage into the model.
/// </summary>
public sealed class SensorFaultException : Exception
{
    public SensorFaultException(string sensor, SensorFaultKind kind, string message, Exception? inner = null)
        : this(new SensorFault(sensor, kind, message), inner) { }

    public SensorFaultException(SensorFault fault, Exception? inner = null) : base(fault.Message, inner) => Fault = fault;

    public SensorFault Fault { get; }

    /// <summary>The configured name of the failing chip (e.g. <c>adxl345</c>).</summary>
    public string Sensor => Fault.Sensor;

    public SensorFaultKind Kind => Fault.Kind;

    /// <summary>The message without the sensor/kind prefix.</summary>
    public string Detail => Fault.Detail;
}
