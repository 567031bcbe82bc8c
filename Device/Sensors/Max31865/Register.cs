namespace EdgeAE.Device.Sensors.Max31865;

/// <summary>MAX31865 register addresses (datasheet table 1): reads at these, writes at address | 0x80.</summary>
internal enum Register : byte
{
    Configuration = 0x00,
    RtdMsb = 0x01,
    RtdLsb = 0x02,
    HighFaultMsb = 0x03,
    HighFaultLsb = 0x04,
    LowFaultMsb = 0x05,
    LowFaultLsb = 0x06,
    FaultStatus = 0x07,
}
