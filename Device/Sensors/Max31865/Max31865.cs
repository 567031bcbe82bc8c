using System.Device.Spi;
using EdgeAE.Device.Sensors.Buses;

namespace EdgeAE.Device.Sensors.Max31865;

/// <summary>
/// Maxim MAX31865 RTD-to-digital converter on SPI (mode 1 or 3, ≤ 5 MHz), for PT100/PT1000 probes.
/// Channels: temp (°C, Callendar–Van Dusen) and resistance (Ω). Runs in auto-conversion mode with the
/// bias on, so a poll reads the latest conversion. The fault thresholds are set to the RTD's codes at
/// −200 and 850 °C (the IEC 60751 range), so an open probe trips the high and a shorted one the low
/// threshold; the fault bit in the RTD LSB is then reported from the fault status register and cleared.
/// </summary>
public sealed class Max31865 : ISensorChip
{
    /// <summary>The chip samples SDI on the rising edge with CPOL either way: modes 1 and 3.</summary>
    public const SpiMode SpiModeRequired = SpiMode.Mode1;
    public const int MaxSpiClockHz = 5_000_000;

    private const byte WriteFlag = 0x80;
    private const byte BiasOn = 0x80;
    private const byte AutoConversion = 0x40;
    private const byte ThreeWire = 0x10;
    private const byte FaultClear = 0x02;
    private const byte Filter50Hz = 0x01;
    private const double FullScale = 32768;

    private static readonly string[] ChannelNames = ["temp", "resistance"];

    private readonly SpiRegisterBus bus;
    private readonly byte configuration;
    private readonly ushort highThreshold;
    private readonly ushort lowThreshold;

    public Max31865(SpiDevice device, Max31865Settings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        Settings = settings ?? new Max31865Settings();
        if (!(Settings.RtdOhms > 0) || !(Settings.ReferenceOhms > 0) || Settings.Wires is < 2 or > 4 || Settings.MainsHz is not (50 or 60))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "MAX31865 needs positive RTD and reference resistances, 2–4 wires and 50 or 60 Hz");
        }
        bus = new SpiRegisterBus(device, readFlag: 0, multiByteFlag: 0);
        configuration = (byte)(BiasOn | (Settings.Wires == 3 ? ThreeWire : 0) | (Settings.MainsHz == 50 ? Filter50Hz : 0));
        highThreshold = ThresholdCode(CallendarVanDusen.MaxCelsius);
        lowThreshold = ThresholdCode(CallendarVanDusen.MinCelsius);
    }

    public Max31865Settings Settings { get; }

    public IReadOnlyList<string> Channels => ChannelNames;

    public double RateHz => Settings.RateHz;

    /// <summary>RTD resistance from the 15-bit ADC code: R = code · R_ref / 2^15 (datasheet, "Converting RTD data register values").</summary>
    public double Resistance(int code) => code * Settings.ReferenceOhms / FullScale;

    /// <summary>
    /// Configures filter and wiring with conversions stopped (the datasheet forbids changing the notch in auto
    /// mode), then starts them, sets the thresholds and checks every value reads back: the chip has no ID
    /// register, and a missing chip reads all ones or zeros.
    /// </summary>
    public void Initialize()
    {
        Write(Register.Configuration, (byte)(configuration | FaultClear));
        Write(Register.Configuration, (byte)(configuration | AutoConversion));
        Write(Register.HighFaultMsb, (byte)(highThreshold >> 8));
        Write(Register.HighFaultLsb, (byte)highThreshold);
        Write(Register.LowFaultMsb, (byte)(lowThreshold >> 8));
        Write(Register.LowFaultLsb, (byte)lowThreshold);
        Span<byte> back = stackalloc byte[7];
        bus.Read((byte)Register.Configuration, back);
        byte expected = (byte)(configuration | AutoConversion);
        ushort high = (ushort)(back[3] << 8 | back[4]), low = (ushort)(back[5] << 8 | back[6]);
        if (back[0] != expected || high != highThreshold || low != lowThreshold)
        {
            throw new ChipIdentityException($"no MAX31865 at {bus.Location}: configuration reads back 0x{back[0]:X2}, expected 0x{expected:X2}" +
                (high != highThreshold || low != lowThreshold ? $"; thresholds 0x{high:X4}/0x{low:X4}, expected 0x{highThreshold:X4}/0x{lowThreshold:X4}" : ""));
        }
    }

    public int Read(Span<float> destination, int maxSamples)
    {
        if (maxSamples < 1 || destination.Length < ChannelNames.Length)
        {
            return 0;
        }
        Span<byte> rtd = stackalloc byte[2];
        bus.Read((byte)Register.RtdMsb, rtd);
        if ((rtd[1] & 1) != 0)
        {
            throw Fault();
        }
        int code = (rtd[0] << 8 | rtd[1]) >> 1;
        if (code == 0)
        {
            return 0; // no conversion since the bias came on (a real short trips the low threshold instead)
        }
        double ohms = Resistance(code);
        destination[0] = (float)CallendarVanDusen.Temperature(ohms, Settings.RtdOhms);
        destination[1] = (float)ohms;
        return 1;
    }

    public void Dispose() => bus.Dispose();

    /// <summary>Names the fault status bits (datasheet table 7), clears the latch, and says how ChipArray reports it.</summary>
    private ProbeFaultException Fault()
    {
        Span<byte> status = stackalloc byte[1];
        bus.Read((byte)Register.FaultStatus, status);
        Write(Register.Configuration, (byte)(configuration | AutoConversion | FaultClear));
        byte s = status[0];
        string what = s switch
        {
            _ when (s & 0x80) != 0 => "RTD above the 850 °C threshold (open RTD or broken wire)",
            _ when (s & 0x40) != 0 => "RTD below the −200 °C threshold (shorted RTD)",
            _ when (s & 0x20) != 0 => "REFIN− above 0.85·VBIAS",
            _ when (s & 0x10) != 0 => "REFIN− below 0.85·VBIAS (FORCE− open)",
            _ when (s & 0x08) != 0 => "RTDIN− below 0.85·VBIAS (FORCE− open)",
            _ when (s & 0x04) != 0 => "over- or under-voltage on an input",
            _ => "fault bit set with an empty status register",
        };
        SensorFaultKind kind = (s & 0x98) != 0 ? SensorFaultKind.Down : SensorFaultKind.BadData;
        return new ProbeFaultException(kind, $"MAX31865 at {bus.Location}: {what} (fault status 0x{s:X2})");
    }

    private ushort ThresholdCode(double celsius) =>
        (ushort)(Math.Min(0x7FFF, (int)Math.Round(CallendarVanDusen.Resistance(celsius, Settings.RtdOhms) / Settings.ReferenceOhms * FullScale)) << 1);

    private void Write(Register register, byte value) => bus.Write((byte)((byte)register | WriteFlag), value);
}
