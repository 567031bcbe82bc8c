namespace EdgeAE.Device.Sensors.Ina219;

/// <summary>INA219 register pointers (datasheet 8.6): 16-bit registers, big-endian on the wire.</summary>
internal enum Register : byte
{
    Configuration = 0x00,
    ShuntVoltage = 0x01,
    BusVoltage = 0x02,
    Power = 0x03,
    Current = 0x04,
    Calibration = 0x05,
}
