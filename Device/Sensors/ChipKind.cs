namespace EdgeAE.Device.Sensors;

/// <summary>The chips EdgeAE has drivers for (one folder each under Device/Sensors).</summary>
public enum ChipKind
{
    Adxl345,
    Mpu6050,
    Ads1115,
    Mcp3008,
    Ina219,
    Max31865,
    Max31855,
    Max31856,
    Bme280,
}

/// <summary>How a chip is wired to the board.</summary>
public enum SensorBus
{
    I2c,
    Spi,
}
