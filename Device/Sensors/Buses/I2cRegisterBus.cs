using System.Device.I2c;

namespace EdgeAE.Device.Sensors.Buses;

/// <summary>
/// Register access over I2C the common way: a write of the register pointer followed by a repeated-start
/// read; a write is the pointer followed by the value.
/// </summary>
public sealed class I2cRegisterBus : IRegisterBus
{
    private readonly I2cDevice device;

    public I2cRegisterBus(I2cDevice device)
    {
        this.device = device ?? throw new ArgumentNullException(nameof(device));
        Location = $"I2C bus {device.ConnectionSettings.BusId} address 0x{device.ConnectionSettings.DeviceAddress:X2}";
    }

    public string Location { get; }

    public void Read(byte register, Span<byte> destination)
    {
        Span<byte> pointer = [register];
        this.device.WriteRead(pointer, destination);
    }

    public void Write(byte register, byte value)
    {
        Span<byte> frame = [register, value];
        this.device.Write(frame);
    }

    public void Dispose() => this.device.Dispose();
}
