namespace EdgeAE.Device.Sensors.Mpu6050;

/// <summary>MPU-6000/6050 register map (InvenSense RM-MPU-6000A-00 rev 4.2) — the registers this driver uses.</summary>
internal enum Register : byte
{
    /// <summary>Sample rate = gyroscope output rate / (1 + SMPLRT_DIV).</summary>
    SmplrtDiv = 0x19,
    /// <summary>EXT_SYNC_SET (bits 5:3), DLPF_CFG (bits 2:0).</summary>
    Config = 0x1A,
    /// <summary>FS_SEL (bits 4:3).</summary>
    GyroConfig = 0x1B,
    /// <summary>AFS_SEL (bits 4:3).</summary>
    AccelConfig = 0x1C,
    IntPinCfg = 0x37,
    /// <summary>DATA_RDY_EN (bit 0).</summary>
    IntEnable = 0x38,
    /// <summary>DATA_RDY_INT (bit 0); cleared by reading INT_STATUS.</summary>
    IntStatus = 0x3A,
    /// <summary>First of 14 bytes: accel X/Y/Z, temperature, gyro X/Y/Z, each big-endian int16.</summary>
    AccelXoutH = 0x3B,
    /// <summary>DEVICE_RESET (bit 7), SLEEP (bit 6), CLKSEL (bits 2:0).</summary>
    PwrMgmt1 = 0x6B,
    /// <summary>Bits 6:1 of the I2C address: reads 0x68 whatever AD0 is.</summary>
    WhoAmI = 0x75,
}
