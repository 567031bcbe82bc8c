namespace EdgeAE.Device.Sensors.Ina219;

/// <summary>How an INA219 is wired: the shunt resistor and the largest current expected through it.</summary>
public sealed class Ina219Settings
{
    /// <summary>Shunt resistance in ohms (Adafruit/Waveshare boards: 0.1 Ω).</summary>
    public double ShuntOhms { get; init; } = 0.1;

    /// <summary>Largest expected current in amperes; sets the current LSB (max / 2^15) and the PGA range.</summary>
    public double MaxAmps { get; init; } = 3.2;

    /// <summary>Nominal poll rate in Hz (a read is five register transfers; conversions run every 1.06 ms).</summary>
    public double RateHz { get; init; } = 100;

    /// <summary>Datasheet 8.5.1: Current_LSB = max expected current / 2^15.</summary>
    public double CurrentLsb => MaxAmps / 32768.0;

    /// <summary>Datasheet 8.5.1: Cal = trunc(0.04096 / (Current_LSB · R_shunt)).</summary>
    public ushort Calibration => (ushort)Math.Min(0xFFFE, Math.Truncate(0.04096 / (CurrentLsb * ShuntOhms)));

    /// <summary>Full-scale shunt voltage the PGA must cover: max current × shunt, in volts.</summary>
    public double ShuntVolts => MaxAmps * ShuntOhms;
}
