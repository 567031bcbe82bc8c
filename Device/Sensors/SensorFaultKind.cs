namespace EdgeAE.Device.Sensors;

/// <summary>Why a sensor stopped delivering usable data. The daemon maps each kind to its sensor-fault state.</summary>
public enum SensorFaultKind
{
    /// <summary>The bus kept failing (I/O errors, timeouts) after every retry.</summary>
    Down,
    /// <summary>Every channel of the chip returned the identical value for the configured number of samples.</summary>
    Stuck,
    /// <summary>No such chip: the bus cannot be opened, nothing answers, or the identity register is wrong.</summary>
    NotFound,
    /// <summary>The chip answered with data that cannot be right (protocol bits wrong, non-finite values).</summary>
    BadData,
}
