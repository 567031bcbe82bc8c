namespace EdgeAE.Device.Sensors.Mpu6050;

/// <summary>GYRO_CONFIG FS_SEL: full scale ±250/500/1000/2000 °/s = 131/65.5/32.8/16.4 LSB/(°/s).</summary>
public enum GyroscopeRange : byte
{
    Range250Dps = 0,
    Range500Dps = 1,
    Range1000Dps = 2,
    Range2000Dps = 3,
}
