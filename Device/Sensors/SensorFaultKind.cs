namespace EdgeAE.Device.Sensors;

/// <summary>
/// Why the device cannot judge the machine right now (distinct from an anomaly of the machine). The one
/// list of sensor-fault kinds, from the chip drivers through the sources to the pipeline and the journal.
/// </summary>
public enum SensorFaultKind
{
    /// <summary>The sensor stopped delivering: bus errors after every retry, a port that vanished, or no frame for Health:DownAfter.</summary>
    Down,
    /// <summary>A channel (or a whole chip) repeated exactly the same value for the configured number of samples.</summary>
    Stuck,
    /// <summary>No such chip: the bus cannot be opened, nothing answers, or the identity register is wrong.</summary>
    NotFound,
    /// <summary>The chip answered with data that cannot be right (protocol bits wrong, out of range).</summary>
    BadData,
    /// <summary>A channel delivered NaN or ±Inf.</summary>
    NonFinite,
}

public static class SensorFaultKinds
{
    /// <summary>The name written to the journal and the log.</summary>
    public static string Name(this SensorFaultKind k) => k switch
    {
        SensorFaultKind.Down => "down",
        SensorFaultKind.Stuck => "stuck",
        SensorFaultKind.NotFound => "not-found",
        SensorFaultKind.BadData => "bad-data",
        SensorFaultKind.NonFinite => "non-finite",
        _ => k.ToString(),
    };

    /// <summary>The phrase used in one-line messages: "sensor 'adxl345' is stuck: …".</summary>
    public static string Phrase(this SensorFaultKind k) => k switch
    {
        SensorFaultKind.Down => "is down",
        SensorFaultKind.Stuck => "is stuck",
        SensorFaultKind.NotFound => "not found",
        SensorFaultKind.BadData => "sends bad data",
        SensorFaultKind.NonFinite => "reads a non-finite value",
        _ => "failed",
    };
}
