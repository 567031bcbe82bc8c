namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// ADXL345 behaviour that matters to the driver: DEVID, a 32-entry FIFO in stream mode (oldest entry dropped
/// and Overrun set when full), a single data slot in bypass mode, FIFO_STATUS entries, INT_SOURCE
/// DATA_READY/Overrun, and a burst read of DATAX0..DATAZ1 popping one entry.
/// </summary>
public sealed class Adxl345Model : RegisterModel
{
    private const byte IntSource = 0x30;
    private const byte DataX0 = 0x32;
    private const byte DataZ1 = 0x37;
    private const byte FifoCtl = 0x38;
    private const byte FifoStatus = 0x39;
    private readonly Queue<(short X, short Y, short Z)> fifo = new(40);
    private (short X, short Y, short Z) output;
    private bool overrun;

    public Adxl345Model(byte deviceId = 0xE5)
    {
        Registers[0x00] = deviceId;
    }

    public int Queued => fifo.Count;

    private bool Streaming => (Registers[FifoCtl] >> 6) == 0b10;

    private bool Measuring => (Registers[0x2D] & 0x08) != 0;

    /// <summary>The sensor produced a sample (only while measuring, like the real part).</summary>
    public void Produce(short x, short y, short z)
    {
        if (!Measuring)
        {
            return;
        }
        int capacity = Streaming ? 32 : 1;
        if (fifo.Count == capacity)
        {
            fifo.Dequeue();
            overrun = true;
        }
        fifo.Enqueue((x, y, z));
    }

    public override void WriteRegister(byte register, byte value)
    {
        base.WriteRegister(register, value);
        if (register == FifoCtl && (value >> 6) == 0)
        {
            fifo.Clear(); // bypass mode clears the FIFO
        }
    }

    public override byte ReadRegister(byte register)
    {
        if (register == FifoStatus)
        {
            return (byte)Math.Min(fifo.Count, 32);
        }
        if (register == IntSource)
        {
            return (byte)((fifo.Count > 0 ? 0x80 : 0) | (overrun ? 0x01 : 0));
        }
        if (register is >= DataX0 and <= DataZ1)
        {
            var sample = fifo.Count > 0 ? fifo.Peek() : output;
            short value = ((register - DataX0) / 2) switch { 0 => sample.X, 1 => sample.Y, _ => sample.Z };
            return (register & 1) == 0 ? (byte)value : (byte)(value >> 8);
        }
        return base.ReadRegister(register);
    }

    public override void AfterRead(byte start, int length)
    {
        if (start <= DataZ1 && start + length > DataX0 && fifo.Count > 0)
        {
            output = fifo.Dequeue();
            overrun = false;
        }
    }
}
