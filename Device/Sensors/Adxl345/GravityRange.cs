namespace EdgeAE.Device.Sensors.Adxl345;

/// <summary>Measurement range, DATA_FORMAT bits 1:0. With FULL_RES the scale stays 3.9 mg/LSB at every range.</summary>
public enum GravityRange : byte
{
    Range2G = 0b00,
    Range4G = 0b01,
    Range8G = 0b10,
    Range16G = 0b11,
}
