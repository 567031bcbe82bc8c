using System.Device.Spi;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// 4-wire SPI front end of a <see cref="RegisterModel"/> for ADXL345-style framing: first byte = register
/// address (bits 5:0) | read (bit 7) | multi-byte (bit 6). Without the multi-byte bit only one register is
/// transferred and the rest of the frame clocks out 0xFF, as a careless driver would discover on hardware.
/// </summary>
public sealed class RegisterSpiDevice : SpiDevice
{
    private readonly RegisterModel model;

    public RegisterSpiDevice(RegisterModel model, SpiConnectionSettings? settings = null)
    {
        this.model = model;
        ConnectionSettings = settings ?? new SpiConnectionSettings(0, 0) { Mode = SpiMode.Mode3, ClockFrequency = 5_000_000 };
    }

    public FaultInjector Faults { get; } = new();

    /// <summary>First byte of every transfer, to check the read/multi-byte bits.</summary>
    public List<byte> Commands { get; } = [];

    public bool RecordCommands { get; set; } = true;

    public override SpiConnectionSettings ConnectionSettings { get; }

    public override byte ReadByte() => throw new NotSupportedException("register chips need a command byte");

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("register chips need a command byte");

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Faults.Transaction();
        Commands.Add(buffer[0]);
        WriteRegisters(buffer);
    }

    private void WriteRegisters(ReadOnlySpan<byte> buffer)
    {
        if ((buffer[0] & 0x80) != 0)
        {
            throw new InvalidOperationException("a write transfer had the read bit set");
        }
        byte register = (byte)(buffer[0] & 0x3F);
        bool multi = (buffer[0] & 0x40) != 0;
        for (int i = 1; i < buffer.Length; i++)
        {
            this.model.WriteRegister((byte)(register + (multi ? i - 1 : 0)), buffer[i]);
        }
    }

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Faults.Transaction();
        byte command = writeBuffer[0];
        if (RecordCommands)
        {
            Commands.Add(command);
        }
        if ((command & 0x80) == 0)
        {
            WriteRegisters(writeBuffer);
            return;
        }
        byte register = (byte)(command & 0x3F);
        int length = (command & 0x40) != 0 ? readBuffer.Length - 1 : 1;
        readBuffer[0] = 0xFF;
        readBuffer[1..].Fill(0xFF);
        this.model.ReadBlock(register, readBuffer.Slice(1, length));
    }
}
