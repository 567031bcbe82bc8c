namespace EdgeAE.Device.Sensors;

/// <summary>
/// One sensor fault as it travels from the driver (or source, or health check) to the pipeline: which
/// sensor, what kind, and the detail in the operator's terms. The kind is never lost on the way, so the
/// pipeline can, e.g., discard the held-back frames of a stuck run whichever check saw it first.
/// </summary>
public readonly record struct SensorFault(string Sensor, SensorFaultKind Kind, string Detail)
{
    /// <summary>One line: <c>sensor 'adxl345' is stuck: all channels repeated …</c>.</summary>
    public string Message => $"sensor '{Sensor}' {Kind.Phrase()}: {Detail}";

    public override string ToString() => Message;
}
