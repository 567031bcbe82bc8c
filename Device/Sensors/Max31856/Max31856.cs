using System.Device.Spi;
using EdgeAE.Device.Sensors.Buses;

namespace EdgeAE.Device.Sensors.Max31856;

/// <summary>
/// Maxim MAX31856 thermocouple converter with linearisation for types B, E, J, K, N, R, S, T on SPI
/// (mode 1 or 3, ≤ 5 MHz). Channels: temp (linearised thermocouple °C, 19 bits, 0.0078125 °C) and
/// internal (cold junction °C, 14 bits, 0.015625 °C). Auto-conversion with open-circuit detection on;
/// faults in comparator mode, so the status register follows the probe without a latch to clear.
/// </summary>
public sealed class Max31856 : ISensorChip
{
    public const SpiMode SpiModeRequired = SpiMode.Mode1;
    public const int MaxSpiClockHz = 5_000_000;

    private const byte WriteFlag = 0x80;
    private const byte AutoConversion = 0x80;
    /// <summary>OCFAULT = 01: open-circuit detection for probes under 5 kΩ (datasheet table 4).</summary>
    private const byte OpenCircuitDetection = 0x10;
    private const byte Filter50Hz = 0x01;

    private static readonly string[] ChannelNames = ["temp", "internal"];

    private readonly SpiRegisterBus bus;
    private readonly Action<TimeSpan> sleep;
    private readonly byte cr0;

    public Max31856(SpiDevice device, Max31856Settings? settings = null, Action<TimeSpan>? sleep = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        Settings = settings ?? new Max31856Settings();
        if (Settings.MainsHz is not (50 or 60) || !Enum.IsDefined(Settings.Type))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "MAX31856 needs a thermocouple type B…T and 50 or 60 Hz");
        }
        bus = new SpiRegisterBus(device, readFlag: 0, multiByteFlag: 0);
        this.sleep = sleep ?? Thread.Sleep;
        cr0 = (byte)(OpenCircuitDetection | (Settings.MainsHz == 50 ? Filter50Hz : 0));
    }

    public Max31856Settings Settings { get; }

    public IReadOnlyList<string> Channels => ChannelNames;

    public double RateHz => Settings.RateHz;

    /// <summary>Longest first auto conversion (datasheet: 50 Hz filter, 185 ms one-shot bound): waited once at start.</summary>
    public static TimeSpan FirstConversion => TimeSpan.FromMilliseconds(200);

    /// <summary>Linearised thermocouple °C from LTCBH/M/L: a 24-bit two's-complement value whose low 5 bits are unused, LSB 2^-7.</summary>
    public static double Thermocouple(byte high, byte middle, byte low) => ((high << 24 | middle << 16 | low << 8) >> 8) / 4096.0;

    /// <summary>Cold-junction °C from CJTH/CJTL: 16-bit two's complement whose low 2 bits are unused, LSB 2^-6.</summary>
    public static double ColdJunction(byte high, byte low) => (short)(high << 8 | low) / 256.0;

    /// <summary>
    /// Sets filter and type with conversions stopped (the notch may not change in auto mode), starts them and
    /// checks both registers read back (no ID register; a missing chip reads all ones or zeros), then waits
    /// for the first conversion so no power-on zero enters the frames.
    /// </summary>
    public void Initialize()
    {
        Write(Register.Cr0, cr0);
        Write(Register.Cr1, (byte)Settings.Type);
        Write(Register.Cr0, (byte)(cr0 | AutoConversion));
        Span<byte> back = stackalloc byte[2];
        bus.Read((byte)Register.Cr0, back);
        byte expected0 = (byte)(cr0 | AutoConversion);
        if (back[0] != expected0 || (back[1] & 0x0F) != (byte)Settings.Type)
        {
            throw new ChipIdentityException($"no MAX31856 at {bus.Location}: CR0/CR1 read back 0x{back[0]:X2}/0x{back[1]:X2}, expected 0x{expected0:X2}/0x{(byte)Settings.Type:X2}");
        }
        sleep(FirstConversion);
    }

    public int Read(Span<float> destination, int maxSamples)
    {
        if (maxSamples < 1 || destination.Length < ChannelNames.Length)
        {
            return 0;
        }
        Span<byte> data = stackalloc byte[6];
        bus.Read((byte)Register.ColdJunctionHigh, data);
        byte status = data[5];
        if (status != 0)
        {
            throw Fault(status);
        }
        destination[0] = (float)Thermocouple(data[2], data[3], data[4]);
        destination[1] = (float)ColdJunction(data[0], data[1]);
        return 1;
    }

    public void Dispose() => bus.Dispose();

    /// <summary>Fault status bits (datasheet table 12): an open probe → Down, every other fault → BadData.</summary>
    private ProbeFaultException Fault(byte s)
    {
        string what = s switch
        {
            _ when (s & 0x01) != 0 => "thermocouple open (not connected or broken)",
            _ when (s & 0x02) != 0 => "over- or under-voltage on T+/T− (thermocouple shorted to a supply?)",
            _ when (s & 0x40) != 0 => $"thermocouple temperature outside the type {Settings.Type} range",
            _ when (s & 0x80) != 0 => "cold junction outside −55…125 °C",
            _ when (s & 0x0C) != 0 => "thermocouple temperature beyond its fault thresholds",
            _ => "cold junction beyond its fault thresholds",
        };
        SensorFaultKind kind = (s & 0x01) != 0 ? SensorFaultKind.Down : SensorFaultKind.BadData;
        return new ProbeFaultException(kind, $"MAX31856 at {bus.Location}: {what} (status 0x{s:X2})");
    }

    private void Write(Register register, byte value) => bus.Write((byte)((byte)register | WriteFlag), value);
}
