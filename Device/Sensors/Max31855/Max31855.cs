using System.Buffers.Binary;
using System.Device.Spi;

namespace EdgeAE.Device.Sensors.Max31855;

/// <summary>
/// Maxim MAX31855 cold-junction-compensated thermocouple converter (K, J, N, T, S, R or E by part suffix)
/// on SPI mode 0, read-only: every chip-select pulse clocks out one 32-bit frame (datasheet table 2):
/// D31:18 thermocouple °C (signed, 0.25 °C), D16 fault, D15:4 internal (cold-junction) °C (signed,
/// 0.0625 °C), D2 short to VCC, D1 short to GND, D0 open; D17 and D3 always read 0. Channels: temp and
/// internal (°C). The linearisation is the chip's own (it assumes the suffix's Seebeck coefficient).
/// dotnet/iot 4.2.0 has no binding for it.
/// </summary>
public sealed class Max31855 : ISensorChip
{
    public const SpiMode SpiModeRequired = SpiMode.Mode0;
    public const int MaxSpiClockHz = 5_000_000;
    public const double ThermocoupleLsb = 0.25;
    public const double InternalLsb = 0.0625;

    private const uint FaultBit = 1u << 16;
    private const uint ReservedBits = 1u << 17 | 1u << 3;

    private static readonly string[] ChannelNames = ["temp", "internal"];

    private readonly SpiDevice device;
    private readonly string location;

    public Max31855(SpiDevice device, Max31855Settings? settings = null)
    {
        this.device = device ?? throw new ArgumentNullException(nameof(device));
        Settings = settings ?? new Max31855Settings();
        location = $"SPI bus {device.ConnectionSettings.BusId} chip select {device.ConnectionSettings.ChipSelectLine}";
    }

    public Max31855Settings Settings { get; }

    public IReadOnlyList<string> Channels => ChannelNames;

    public double RateHz => Settings.RateHz;

    /// <summary>Thermocouple °C: the top 14 bits, sign-extended by the arithmetic shift.</summary>
    public static double Thermocouple(uint frame) => ((int)frame >> 18) * ThermocoupleLsb;

    /// <summary>Cold-junction °C: bits 15:4, sign-extended.</summary>
    public static double Internal(uint frame) => ((int)(frame << 16) >> 20) * InternalLsb;

    /// <summary>
    /// Nothing to configure; identifies the chip by its frame: all ones is a floating MISO (no chip), a
    /// reserved bit set is some other device.
    /// </summary>
    public void Initialize()
    {
        uint frame = ReadFrame();
        if (frame == uint.MaxValue || (frame & ReservedBits) != 0)
        {
            throw new ChipIdentityException($"no MAX31855 at {location}: frame 0x{frame:X8} " +
                (frame == uint.MaxValue ? "is all ones (MISO floating)" : "has reserved bits 17 or 3 set"));
        }
    }

    public int Read(Span<float> destination, int maxSamples)
    {
        if (maxSamples < 1 || destination.Length < ChannelNames.Length)
        {
            return 0;
        }
        uint frame = ReadFrame();
        if ((frame & ReservedBits) != 0)
        {
            throw new InvalidDataException($"MAX31855 at {location}: frame 0x{frame:X8} has reserved bits set");
        }
        if ((frame & FaultBit) != 0)
        {
            throw Fault(frame);
        }
        destination[0] = (float)Thermocouple(frame);
        destination[1] = (float)Internal(frame);
        return 1;
    }

    public void Dispose() => device.Dispose();

    /// <summary>D0 open thermocouple → Down (no reading at all); D1/D2 shorts → BadData (a reading, but wrong).</summary>
    private ProbeFaultException Fault(uint frame)
    {
        if ((frame & 0b001) != 0)
        {
            return new ProbeFaultException(SensorFaultKind.Down, $"MAX31855 at {location}: thermocouple open (not connected or broken)");
        }
        string what = (frame & 0b010) != 0 ? "thermocouple shorted to GND" : (frame & 0b100) != 0 ? "thermocouple shorted to VCC" : "fault bit set without a cause bit";
        return new ProbeFaultException(SensorFaultKind.BadData, $"MAX31855 at {location}: {what}");
    }

    private uint ReadFrame()
    {
        Span<byte> frame = stackalloc byte[4];
        device.Read(frame);
        return BinaryPrimitives.ReadUInt32BigEndian(frame);
    }
}
