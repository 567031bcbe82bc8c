using System.Buffers.Binary;
using System.Device.I2c;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// ADS1115 on a simulated I2C bus: four 16-bit big-endian registers behind an address pointer. Writing config
/// with OS = 1 (or MODE = continuous) starts a conversion of the selected MUX input, which stays busy for
/// <see cref="BusyPolls"/> config reads (OS reads 0) and then raises the ALERT/RDY pin if the comparator is
/// set up as conversion-ready.
/// </summary>
public sealed class SimulatedAds1115 : I2cDevice
{
    private readonly ushort[] registers = [0x0000, 0x8583, 0x8000, 0x7FFF];
    private byte pointer;
    private int busy;

    public SimulatedAds1115(int address = 0x48, int busId = 1)
    {
        ConnectionSettings = new I2cConnectionSettings(busId, address);
    }

    /// <summary>Raw result per MUX code (0..7).</summary>
    public short[] Inputs { get; } = new short[8];

    /// <summary>Config reads that see the conversion still running.</summary>
    public int BusyPolls { get; set; } = 2;

    /// <summary>The conversion never finishes (a dead oscillator, a wedged part).</summary>
    public bool NeverReady { get; set; }

    /// <summary>Writes are ignored, as if a different chip answered at this address.</summary>
    public bool IgnoreWrites { get; set; }

    public FaultInjector Faults { get; } = new();

    public List<(byte Register, ushort Value)> Writes { get; } = [];

    public int ConfigReads { get; private set; }

    public ushort this[int register] => this.registers[register];

    /// <summary>ALERT/RDY as "conversion ready" (the pin is active-low; this is the logical state).</summary>
    public bool ReadyPin =>
        this.busy == 0 && !NeverReady && (this.registers[1] & 0b11) != 0b11 && (this.registers[3] & 0x8000) != 0 && (this.registers[2] & 0x8000) == 0;

    public override I2cConnectionSettings ConnectionSettings { get; }

    /// <summary>The pin reader handed to the driver; each call is one poll of the GPIO line.</summary>
    public bool PollPin()
    {
        if (this.busy > 0)
        {
            this.busy--;
            return false;
        }
        return ReadyPin;
    }

    public override byte ReadByte() => throw new NotSupportedException();

    public override void WriteByte(byte value) => throw new NotSupportedException();

    public override void Read(Span<byte> buffer)
    {
        Faults.Transaction();
        ushort value = this.registers[this.pointer];
        if (this.pointer == 1)
        {
            ConfigReads++;
            bool busy = NeverReady || this.busy > 0;
            if (this.busy > 0)
            {
                this.busy--;
            }
            value = (ushort)(busy ? value & 0x7FFF : value | 0x8000);
        }
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        bytes[..Math.Min(2, buffer.Length)].CopyTo(buffer);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Faults.Transaction();
        this.pointer = (byte)(buffer[0] & 0x03);
        if (buffer.Length < 3)
        {
            return;
        }
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(buffer[1..3]);
        Writes.Add((this.pointer, value));
        if (IgnoreWrites)
        {
            return;
        }
        if (this.pointer == 0)
        {
            return; // the conversion register is read-only
        }
        this.registers[this.pointer] = (ushort)(value & 0x7FFF | (this.pointer == 1 ? 0 : value & 0x8000));
        bool continuous = this.pointer == 1 && (value & 0x0100) == 0;
        if (this.pointer == 1 && ((value & 0x8000) != 0 || continuous))
        {
            this.busy = BusyPolls;
            this.registers[0] = (ushort)Inputs[(value >> 12) & 0x7];
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }
}
