using System.Device.Spi;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>MAX31855 on a simulated SPI bus: every read clocks out <see cref="Frame"/>, big-endian.</summary>
public sealed class SimulatedMax31855 : SpiDevice
{
    public SimulatedMax31855()
    {
        ConnectionSettings = new SpiConnectionSettings(0, 1) { Mode = SpiMode.Mode0, ClockFrequency = 1_000_000 };
    }

    public uint Frame { get; set; }

    public FaultInjector Faults { get; } = new();

    public override SpiConnectionSettings ConnectionSettings { get; }

    /// <summary>The frame of a reading: thermocouple and internal °C, fault cause bits D2:D0 (D16 set with any of them).</summary>
    public static uint FrameOf(double celsius, double internalCelsius, int faults = 0) =>
        (uint)((int)Math.Round(celsius / 0.25) << 18) | (uint)(((int)Math.Round(internalCelsius / 0.0625) & 0xFFF) << 4)
        | (faults != 0 ? 1u << 16 : 0) | (uint)(faults & 0b111);

    public override byte ReadByte() => throw new NotSupportedException();

    public override void Read(Span<byte> buffer)
    {
        Faults.Transaction();
        buffer[0] = (byte)(Frame >> 24);
        buffer[1] = (byte)(Frame >> 16);
        buffer[2] = (byte)(Frame >> 8);
        buffer[3] = (byte)Frame;
    }

    public override void WriteByte(byte value) => throw new NotSupportedException("the MAX31855 is read-only");

    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException("the MAX31855 is read-only");

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => Read(readBuffer);
}
