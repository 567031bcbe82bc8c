namespace EdgeAE.Device.Sensors.Max31856;

/// <summary>MAX31856 register addresses (datasheet table 6): reads at these, writes at address | 0x80.</summary>
internal enum Register : byte
{
    Cr0 = 0x00,
    Cr1 = 0x01,
    Mask = 0x02,
    ColdJunctionHigh = 0x0A,
    ColdJunctionLow = 0x0B,
    TemperatureHigh = 0x0C,
    TemperatureMiddle = 0x0D,
    TemperatureLow = 0x0E,
    Status = 0x0F,
}
