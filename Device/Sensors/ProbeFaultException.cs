namespace EdgeAE.Device.Sensors;

/// <summary>
/// The chip answered, but it reports that its probe is broken: an open or shorted thermocouple or RTD,
/// a reference input out of range (MAX31855/MAX31856/MAX31865 fault bits). <see cref="Kind"/> says how
/// <see cref="ChipArray"/> reports it when retries do not clear it: an open probe delivers nothing
/// (<see cref="SensorFaultKind.Down"/>), a short or an out-of-range input delivers wrong values
/// (<see cref="SensorFaultKind.BadData"/>). An <see cref="IOException"/>, so it is retried like a bus error.
/// </summary>
public sealed class ProbeFaultException : IOException
{
    public ProbeFaultException(SensorFaultKind kind, string message) : base(message)
    {
        Kind = kind;
    }

    public SensorFaultKind Kind { get; }
}
