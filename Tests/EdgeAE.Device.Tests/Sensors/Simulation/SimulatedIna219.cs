using System.Device.I2c;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// INA219 on a simulated I2C bus: six 16-bit big-endian registers behind a pointer byte (datasheet 8.5.6).
/// A write of 1 byte sets the pointer, 3 bytes set pointer and register; a read returns the register at the
/// pointer. Writing the reset bit restores the power-on values. Current and power registers follow from the
/// shunt register and calibration as the chip computes them (8.5.1).
/// </summary>
public sealed class SimulatedIna219 : I2cDevice
{
    public const ushort PowerOn = 0x399F;
    private byte pointer;

    public SimulatedIna219(int busId = 1, int address = 0x40)
    {
        ConnectionSettings = new I2cConnectionSettings(busId, address);
        Registers[0] = PowerOn;
    }

    public ushort[] Registers { get; } = new ushort[6];

    public FaultInjector Faults { get; } = new();

    /// <summary>Shunt voltage the chip measures, in volts (signed; LSB 10 µV).</summary>
    public double ShuntVolts { get; set; }

    /// <summary>Bus voltage the chip measures, in volts (LSB 4 mV).</summary>
    public double BusVolts { get; set; }

    public override I2cConnectionSettings ConnectionSettings { get; }

    public override byte ReadByte() => throw new NotSupportedException("INA219 registers are 16 bits");

    public override void Read(Span<byte> buffer)
    {
        Faults.Transaction();
        ushort value = Value(pointer);
        buffer[0] = (byte)(value >> 8);
        if (buffer.Length > 1)
        {
            buffer[1] = (byte)value;
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Faults.Transaction();
        pointer = buffer[0];
        if (buffer.Length == 3)
        {
            ushort value = (ushort)(buffer[1] << 8 | buffer[2]);
            if (pointer == 0 && (value & 0x8000) != 0)
            {
                Array.Clear(Registers);
                Registers[0] = PowerOn;
                return;
            }
            Registers[pointer] = value;
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer[..1]);
        Read(readBuffer);
    }

    private ushort Value(byte register)
    {
        short shunt = (short)Math.Round(ShuntVolts / 10e-6);
        short current = (short)(shunt * Registers[5] / 4096);
        return register switch
        {
            1 => (ushort)shunt,
            2 => (ushort)((int)Math.Round(BusVolts / 0.004) << 3 | 0b10), // CNVR set, OVF clear
            3 => (ushort)(Math.Abs(current) * (((int)Math.Round(BusVolts / 0.004) << 3 | 0b10) >> 3) / 5000),
            4 => (ushort)current,
            _ => Registers[register],
        };
    }
}
