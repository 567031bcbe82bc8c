namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// A chip as a 256-entry byte register file. Subclasses add side effects (read-only registers, FIFO pops);
/// the I2C and SPI front ends only move bytes in and out.
/// </summary>
public class RegisterModel
{
    public byte[] Registers { get; } = new byte[256];

    /// <summary>Every register write, in order, as the chip saw it.</summary>
    public List<(byte Register, byte Value)> Writes { get; } = [];

    /// <summary>Register addresses each read transaction started at, in order.</summary>
    public List<(byte Register, int Length)> Reads { get; } = [];

    /// <summary>Turn off to measure a driver's own allocations (the log list grows).</summary>
    public bool RecordReads { get; set; } = true;

    public virtual byte ReadRegister(byte register) => Registers[register];

    public virtual void WriteRegister(byte register, byte value)
    {
        Writes.Add((register, value));
        Registers[register] = value;
    }

    /// <summary>Called after a read transaction covering <paramref name="length"/> registers from <paramref name="start"/>.</summary>
    public virtual void AfterRead(byte start, int length)
    {
    }

    public void ReadBlock(byte start, Span<byte> destination)
    {
        if (RecordReads)
        {
            Reads.Add((start, destination.Length));
        }
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadRegister((byte)(start + i));
        }
        AfterRead(start, destination.Length);
    }
}
