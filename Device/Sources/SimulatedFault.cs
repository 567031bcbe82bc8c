namespace EdgeAE.Device.Sources;

/// <summary>Faults the pump simulator injects. The first two are machine anomalies, the last two sensor faults.</summary>
public enum SimulatedFault
{
    /// <summary>A failing bearing: a high-frequency vibration component with impacts, slightly more current.</summary>
    BearingBurst,
    /// <summary>A leak or cavitation: pressure and flow drop, the motor unloads.</summary>
    PressureDrop,
    /// <summary>The temperature sensor freezes at its last value.</summary>
    Stuck,
    /// <summary>The pressure sensor returns NaN (an open circuit read by the ADC driver).</summary>
    NaN,
}

public static class SimulatedFaults
{
    /// <summary>True for faults of the machine (should raise alarms), false for faults of a sensor (should raise a sensor fault).</summary>
    public static bool IsMachineAnomaly(this SimulatedFault f) => f is SimulatedFault.BearingBurst or SimulatedFault.PressureDrop;
}
