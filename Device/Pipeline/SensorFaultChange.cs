using EdgeAE.Device.Sensors;

namespace EdgeAE.Device.Pipeline;

/// <summary>A change of the sensor-fault state: <see cref="Active"/> true when a fault starts (with that fault), false when all sensors are healthy again.</summary>
public readonly record struct SensorFaultChange(bool Active, SensorFault Fault, string Message)
{
    public SensorFaultKind Kind => Fault.Kind;
    public string Sensor => Fault.Sensor;
}
