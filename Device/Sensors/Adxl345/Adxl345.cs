using System.Buffers.Binary;
using System.Device.I2c;
using System.Device.Spi;
using System.Numerics;
using EdgeAE.Device.Sensors.Buses;

namespace EdgeAE.Device.Sensors.Adxl345;

/// <summary>
/// Analog Devices ADXL345 3-axis accelerometer on I2C or 4-wire SPI. Values are in g (standard gravity,
/// 1 g = 9.80665 m/s²) at the full-resolution scale of 3.9 mg/LSB. In FIFO stream mode every queued
/// sample is drained on each <see cref="Read"/>, so rates up to 3200 Hz lose nothing if the caller polls
/// at least every 32 samples (10 ms at 3200 Hz).
/// </summary>
public sealed class Adxl345 : ISensorChip
{
    public const int DefaultI2cAddress = 0x53;
    /// <summary>Address with the ALT ADDRESS pin high.</summary>
    public const int AlternateI2cAddress = 0x1D;
    public const byte ExpectedDeviceId = 0xE5;
    /// <summary>Full-resolution scale factor, datasheet typical 3.9 mg/LSB at every range.</summary>
    public const float GPerLsb = 0.0039f;
    public const int FifoDepth = 32;
    /// <summary>SPI is mode 3 (CPOL = 1, CPHA = 1).</summary>
    public const SpiMode SpiModeRequired = SpiMode.Mode3;
    public const int MaxSpiClockHz = 5_000_000;
    /// <summary>SPI first byte: bit 7 requests a read, bit 6 multi-byte (auto-increment).</summary>
    public const byte SpiReadFlag = 0x80;
    public const byte SpiMultiByteFlag = 0x40;

    private const byte Measure = 0x08;
    private const byte FullResolution = 0x08;
    private const byte StreamMode = 0b10 << 6;
    private const byte FifoWatermark = 16;
    private const byte DataReady = 0x80;
    private const byte Overrun = 0x01;
    private static readonly string[] AxisNames = ["x", "y", "z"];

    private readonly IRegisterBus bus;
    private readonly byte[] sample = new byte[6];

    public Adxl345(I2cDevice device, Adxl345Settings? settings = null)
        : this(new I2cRegisterBus(device), settings)
    {
    }

    public Adxl345(SpiDevice device, Adxl345Settings? settings = null)
        : this(new SpiRegisterBus(device, SpiReadFlag, SpiMultiByteFlag), settings)
    {
    }

    public Adxl345(IRegisterBus bus, Adxl345Settings? settings = null)
    {
        this.bus = bus ?? throw new ArgumentNullException(nameof(bus));
        Settings = settings ?? new Adxl345Settings();
    }

    public Adxl345Settings Settings { get; }

    public IReadOnlyList<string> Channels => AxisNames;

    public double RateHz => Settings.Rate.ToHz();

    /// <summary>Polls that found INT_SOURCE.Overrun set: samples were overwritten before being read (poll faster).</summary>
    public long Overruns { get; private set; }

    /// <summary>Checks DEVID, then configures rate, range, FIFO and starts measuring (standby while configuring).</summary>
    public void Initialize()
    {
        byte id = ReadRegister(Register.DevId);
        if (id != ExpectedDeviceId)
        {
            throw new ChipIdentityException(
                $"no ADXL345 at {this.bus.Location}: DEVID reads 0x{id:X2}, expected 0x{ExpectedDeviceId:X2}");
        }
        WriteRegister(Register.PowerCtl, 0x00);
        WriteRegister(Register.BwRate, (byte)Settings.Rate);
        WriteRegister(Register.DataFormat, (byte)(FullResolution | (byte)Settings.Range));
        WriteRegister(Register.IntEnable, 0x00);
        // Bypass first: leaving FIFO mode clears whatever an earlier run left queued.
        WriteRegister(Register.FifoCtl, 0x00);
        if (Settings.UseFifo)
        {
            WriteRegister(Register.FifoCtl, StreamMode | FifoWatermark);
        }
        WriteRegister(Register.PowerCtl, Measure);
    }

    /// <summary>Reads the data registers once (pops one FIFO entry in stream mode).</summary>
    public Vector3 ReadAcceleration()
    {
        Span<float> xyz = stackalloc float[3];
        ReadSample(xyz);
        return new Vector3(xyz[0], xyz[1], xyz[2]);
    }

    /// <summary>How many samples are queued in the FIFO (FIFO_STATUS entries).</summary>
    public int FifoEntries() => ReadRegister(Register.FifoStatus) & 0x3F;

    public int Read(Span<float> destination, int maxSamples)
    {
        int capacity = Math.Min(maxSamples, destination.Length / 3);
        // Overrun is cleared by reading data, so INT_SOURCE goes first.
        byte source = ReadRegister(Register.IntSource);
        if ((source & Overrun) != 0)
        {
            Overruns++;
        }
        int available = Settings.UseFifo ? FifoEntries() : (source & DataReady) != 0 ? 1 : 0;
        int count = Math.Min(available, capacity);
        for (int i = 0; i < count; i++)
        {
            ReadSample(destination.Slice(i * 3, 3));
        }
        return count;
    }

    public void Dispose() => this.bus.Dispose();

    private void ReadSample(Span<float> xyz)
    {
        // One 6-byte burst: the chip latches all axes together, and in FIFO mode the burst pops one entry.
        this.bus.Read((byte)Register.DataX0, this.sample);
        for (int axis = 0; axis < 3; axis++)
        {
            xyz[axis] = BinaryPrimitives.ReadInt16LittleEndian(this.sample.AsSpan(axis * 2, 2)) * GPerLsb;
        }
    }

    private byte ReadRegister(Register register)
    {
        Span<byte> value = stackalloc byte[1];
        this.bus.Read((byte)register, value);
        return value[0];
    }

    private void WriteRegister(Register register, byte value) => this.bus.Write((byte)register, value);
}
