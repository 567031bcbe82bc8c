namespace EdgeAE.Device.Sensors.Mpu6050;

/// <summary>ACCEL_CONFIG AFS_SEL: full scale ±2/4/8/16 g = 16384/8192/4096/2048 LSB/g.</summary>
public enum AccelerometerRange : byte
{
    Range2G = 0,
    Range4G = 1,
    Range8G = 2,
    Range16G = 3,
}
