namespace EdgeAE.Device.Sensors.Bme280;

/// <summary>BME280 register addresses (datasheet table 18).</summary>
internal enum Register : byte
{
    /// <summary>dig_T1 … dig_P9 (0x88–0x9F), then dig_H1 at 0xA1.</summary>
    CalibrationTp = 0x88,
    ChipId = 0xD0,
    Reset = 0xE0,
    /// <summary>dig_H2 … dig_H6 (0xE1–0xE7).</summary>
    CalibrationH = 0xE1,
    ControlHumidity = 0xF2,
    Status = 0xF3,
    ControlMeasurement = 0xF4,
    Config = 0xF5,
    /// <summary>press_msb … hum_lsb (0xF7–0xFE), read in one burst so the values belong together.</summary>
    Data = 0xF7,
}
