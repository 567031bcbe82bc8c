using System.Device.Spi;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// SPI front end of a <see cref="RegisterModel"/> for Maxim's MAX3186x framing: the first byte is the
/// register address with bit 7 set for a write and clear for a read; the address auto-increments over the
/// rest of the transfer either way (MAX31865 and MAX31856 datasheets, "Serial interface").
/// </summary>
public sealed class WriteFlagSpiDevice : SpiDevice
{
    private readonly RegisterModel model;

    public WriteFlagSpiDevice(RegisterModel model, SpiMode mode = SpiMode.Mode1)
    {
        this.model = model;
        ConnectionSettings = new SpiConnectionSettings(0, 0) { Mode = mode, ClockFrequency = 1_000_000 };
    }

    public FaultInjector Faults { get; } = new();

    /// <summary>Nothing drives MISO and the pull-up reads all ones.</summary>
    public bool MisoHigh { get; set; }

    public override SpiConnectionSettings ConnectionSettings { get; }

    public override byte ReadByte() => throw new NotSupportedException("register chips need an address byte");

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("register chips need an address byte");

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Faults.Transaction();
        if ((buffer[0] & 0x80) == 0)
        {
            throw new InvalidOperationException($"a write transfer without the write bit: {Convert.ToHexString(buffer)}");
        }
        byte register = (byte)(buffer[0] & 0x7F);
        for (int i = 1; i < buffer.Length; i++)
        {
            model.WriteRegister((byte)(register + i - 1), buffer[i]);
        }
    }

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        if ((writeBuffer[0] & 0x80) != 0)
        {
            Write(writeBuffer);
            return;
        }
        Faults.Transaction();
        readBuffer.Fill(0xFF);
        if (!MisoHigh)
        {
            model.ReadBlock(writeBuffer[0], readBuffer[1..]);
        }
    }
}
