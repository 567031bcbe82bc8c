namespace EdgeAE.Device.Sensors.Ads1115;

/// <summary>Config MODE (bit 8).</summary>
public enum DeviceMode : byte
{
    /// <summary>Converts back to back at the data rate; only useful with a single input.</summary>
    Continuous = 0,
    /// <summary>One conversion per OS=1 write, then power-down; lets one chip scan several inputs.</summary>
    SingleShot = 1,
}
