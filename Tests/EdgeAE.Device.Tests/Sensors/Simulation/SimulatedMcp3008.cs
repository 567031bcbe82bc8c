using System.Device.Spi;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// MCP3008 on a simulated SPI bus, bit-exact to datasheet figure 6-1: a 3-byte transfer whose first byte ends
/// with the start bit, second byte carries SGL/DIFF D2 D1 D0 in bits 7:4; the reply has the null bit (0) in
/// byte 1 bit 2, B9 B8 in bits 1:0 and B7..B0 in byte 2.
/// </summary>
public sealed class SimulatedMcp3008 : SpiDevice
{
    public SimulatedMcp3008(SpiConnectionSettings? settings = null)
    {
        ConnectionSettings = settings ?? new SpiConnectionSettings(0, 0) { Mode = SpiMode.Mode0, ClockFrequency = 1_000_000 };
    }

    /// <summary>Result (0..1023) per 4-bit SGL/DIFF+D2..D0 code: 8..15 single-ended CH0..CH7, 0..7 differential.</summary>
    public int[] Codes { get; } = new int[16];

    /// <summary>Nothing drives MISO and the pull-up reads all ones.</summary>
    public bool MisoHigh { get; set; }

    public FaultInjector Faults { get; } = new();

    public List<byte[]> Transfers { get; } = [];

    public bool RecordTransfers { get; set; } = true;

    public override SpiConnectionSettings ConnectionSettings { get; }

    public override byte ReadByte() => throw new NotSupportedException();

    public override void Read(Span<byte> buffer) => throw new NotSupportedException();

    public override void WriteByte(byte value) => throw new NotSupportedException();

    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException();

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Faults.Transaction();
        if (RecordTransfers)
        {
            Transfers.Add(writeBuffer.ToArray());
        }
        if (MisoHigh)
        {
            readBuffer.Fill(0xFF);
            return;
        }
        if (writeBuffer.Length != 3 || writeBuffer[0] != 0x01 || (writeBuffer[1] & 0x0F) != 0)
        {
            throw new InvalidOperationException($"unexpected MCP3008 framing {Convert.ToHexString(writeBuffer)}");
        }
        int value = Codes[writeBuffer[1] >> 4];
        readBuffer[0] = 0xFF; // don't-care bits clock out while the command goes in
        readBuffer[1] = (byte)(0b1111_1000 | (value >> 8) & 0x03); // bits 7:3 undefined, bit 2 null = 0
        readBuffer[2] = (byte)value;
    }
}
