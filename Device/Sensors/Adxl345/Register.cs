namespace EdgeAE.Device.Sensors.Adxl345;

/// <summary>ADXL345 register map (datasheet Rev. G, table 19) — only the registers this driver uses.</summary>
internal enum Register : byte
{
    /// <summary>Device ID, reads 0xE5.</summary>
    DevId = 0x00,
    /// <summary>LOW_POWER (bit 4) and output data rate code (bits 3:0).</summary>
    BwRate = 0x2C,
    /// <summary>Measure (bit 3) takes the part out of standby.</summary>
    PowerCtl = 0x2D,
    IntEnable = 0x2E,
    IntMap = 0x2F,
    /// <summary>DATA_READY (bit 7) … Overrun (bit 0); read-only.</summary>
    IntSource = 0x30,
    /// <summary>SELF_TEST, SPI (3-wire), INT_INVERT, FULL_RES (bit 3), Justify, Range (bits 1:0).</summary>
    DataFormat = 0x31,
    /// <summary>First of six data bytes X0 X1 Y0 Y1 Z0 Z1, little-endian two's complement. Reading them pops one FIFO entry.</summary>
    DataX0 = 0x32,
    /// <summary>FIFO_MODE (bits 7:6), Trigger (bit 5), Samples watermark (bits 4:0).</summary>
    FifoCtl = 0x38,
    /// <summary>FIFO_TRIG (bit 7), Entries (bits 5:0).</summary>
    FifoStatus = 0x39,
}
