using System.Device.Spi;

namespace EdgeAE.Device.Sensors.Buses;

/// <summary>
/// Register access over 4-wire SPI for chips whose first byte is the register address plus flag bits
/// (e.g. ADXL345: bit 7 = read, bit 6 = multi-byte). Buffers are allocated once; no allocation per transfer.
/// </summary>
public sealed class SpiRegisterBus : IRegisterBus
{
    private const int MaxTransfer = 64;
    private readonly SpiDevice device;
    private readonly byte readFlag;
    private readonly byte multiByteFlag;
    private readonly byte[] tx = new byte[MaxTransfer + 1];
    private readonly byte[] rx = new byte[MaxTransfer + 1];

    public SpiRegisterBus(SpiDevice device, byte readFlag, byte multiByteFlag)
    {
        this.device = device ?? throw new ArgumentNullException(nameof(device));
        this.readFlag = readFlag;
        this.multiByteFlag = multiByteFlag;
        Location = $"SPI bus {device.ConnectionSettings.BusId} chip select {device.ConnectionSettings.ChipSelectLine}";
    }

    public string Location { get; }

    public void Read(byte register, Span<byte> destination)
    {
        if (destination.Length is 0 or > MaxTransfer)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), $"SPI register reads take 1..{MaxTransfer} bytes");
        }
        int length = destination.Length + 1;
        Span<byte> tx = this.tx.AsSpan(0, length);
        tx.Clear();
        tx[0] = (byte)(register | this.readFlag | (destination.Length > 1 ? this.multiByteFlag : 0));
        Span<byte> rx = this.rx.AsSpan(0, length);
        this.device.TransferFullDuplex(tx, rx);
        rx[1..].CopyTo(destination);
    }

    public void Write(byte register, byte value)
    {
        Span<byte> frame = [register, value];
        this.device.Write(frame);
    }

    public void Dispose() => this.device.Dispose();
}
