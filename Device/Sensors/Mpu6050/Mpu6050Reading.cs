using System.Numerics;

namespace EdgeAE.Device.Sensors.Mpu6050;

/// <summary>One MPU6050 sample: acceleration in g, angular rate in °/s, die temperature in °C.</summary>
public readonly record struct Mpu6050Reading(Vector3 Acceleration, Vector3 AngularRate, float TemperatureCelsius);
