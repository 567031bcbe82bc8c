using System.Device.I2c;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// I2C front end of a <see cref="RegisterModel"/>: the first written byte sets the register pointer, further
/// written bytes and all read bytes auto-increment it (the ADXL345/MPU6050 convention).
/// </summary>
public sealed class RegisterI2cDevice : I2cDevice
{
    private readonly RegisterModel model;
    private byte pointer;

    public RegisterI2cDevice(RegisterModel model, int busId = 1, int address = 0x53)
    {
        this.model = model;
        ConnectionSettings = new I2cConnectionSettings(busId, address);
    }

    public FaultInjector Faults { get; } = new();

    public bool Disposed { get; private set; }

    public override I2cConnectionSettings ConnectionSettings { get; }

    public override byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Read(one);
        return one[0];
    }

    public override void Read(Span<byte> buffer)
    {
        Faults.Transaction();
        this.model.ReadBlock(this.pointer, buffer);
        this.pointer = (byte)(this.pointer + buffer.Length);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Faults.Transaction();
        if (buffer.Length == 0)
        {
            return;
        }
        this.pointer = buffer[0];
        foreach (byte value in buffer[1..])
        {
            this.model.WriteRegister(this.pointer++, value);
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Faults.Transaction();
        this.pointer = writeBuffer[0];
        this.model.ReadBlock(this.pointer, readBuffer);
        this.pointer = (byte)(this.pointer + readBuffer.Length);
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
