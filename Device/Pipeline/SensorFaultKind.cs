namespace EdgeAE.Device.Pipeline;

/// <summary>Why the device cannot judge the machine right now (distinct from an anomaly of the machine).</summary>
public enum SensorFaultKind
{
    /// <summary>A channel delivered NaN or ±Inf.</summary>
    NonFinite,
    /// <summary>A channel repeated exactly the same value for Health:StuckSamples samples.</summary>
    Stuck,
    /// <summary>No frame arrived for Health:DownAfter.</summary>
    Down,
    /// <summary>The source reported a read failure (bus error after retries, port gone).</summary>
    Bus,
}

public static class SensorFaultKinds
{
    public static string Name(this SensorFaultKind k) => k switch
    {
        SensorFaultKind.NonFinite => "non-finite",
        SensorFaultKind.Stuck => "stuck",
        SensorFaultKind.Down => "down",
        SensorFaultKind.Bus => "bus",
        _ => k.ToString(),
    };
}

/// <summary>A change of the sensor-fault state: <see cref="Active"/> true when a fault starts, false when all sensors are healthy again.</summary>
public readonly record struct SensorFaultChange(bool Active, SensorFaultKind Kind, string Sensor, string Message);
