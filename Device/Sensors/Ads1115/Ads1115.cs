using System.Buffers.Binary;
using System.Device.I2c;

namespace EdgeAE.Device.Sensors.Ads1115;

/// <summary>
/// TI ADS1115 16-bit ADC on I2C. The comparator is set up as a conversion-ready signal (ALERT/RDY pin
/// asserts low at the end of each conversion). In single-shot mode one <see cref="Read"/> converts every
/// configured input in turn and waits for each conversion — on the ALERT/RDY pin if the caller wired it,
/// else by polling the OS bit. In continuous mode (one input) it returns the latest conversion.
/// Values are volts: raw × FSR / 32768.
/// </summary>
public sealed class Ads1115 : ISensorChip
{
    public const int DefaultI2cAddress = 0x48;
    /// <summary>ADDR pin to GND/VDD/SDA/SCL gives 0x48/0x49/0x4A/0x4B.</summary>
    public const int MinI2cAddress = 0x48;
    public const int MaxI2cAddress = 0x4B;
    /// <summary>Thresholds that turn the comparator into conversion-ready: Hi_thresh MSB 1, Lo_thresh MSB 0.</summary>
    public const ushort ReadyLoThreshold = 0x0000;
    public const ushort ReadyHiThreshold = 0x8000;
    /// <summary>Polls of the OS bit (or the pin) after the nominal conversion time before giving up.</summary>
    public const int MaxReadyPolls = 40;

    private const ushort StartConversion = 0x8000;
    private const ushort AssertAfterOneConversion = 0b00;

    private readonly I2cDevice device;
    private readonly Func<bool>? conversionReady;
    private readonly Action<TimeSpan> sleep;
    private readonly string[] channels;
    private readonly string location;
    private readonly TimeSpan pollInterval;

    /// <param name="conversionReady">
    /// Optional reader of the ALERT/RDY pin, returning true once a conversion finished (the pin is active-low:
    /// return <c>pin == Low</c>). Without it the OS bit is polled over I2C.
    /// </param>
    public Ads1115(I2cDevice device, Ads1115Settings? settings = null, Func<bool>? conversionReady = null, Action<TimeSpan>? sleep = null)
    {
        this.device = device ?? throw new ArgumentNullException(nameof(device));
        Settings = settings ?? new Ads1115Settings();
        if (Settings.Inputs.Count == 0)
        {
            throw new ArgumentException("ADS1115 needs at least one input", nameof(settings));
        }
        if (Settings.Mode == DeviceMode.Continuous && Settings.Inputs.Count != 1)
        {
            throw new ArgumentException(
                $"ADS1115 continuous mode converts one input, but {Settings.Inputs.Count} are configured; use single-shot", nameof(settings));
        }
        this.conversionReady = conversionReady;
        this.sleep = sleep ?? Delay.Sleep;
        channels = Settings.Inputs.Select(i => i.Name()).ToArray();
        location = $"I2C bus {device.ConnectionSettings.BusId} address 0x{device.ConnectionSettings.DeviceAddress:X2}";
        TimeSpan conversion = Settings.Rate.ConversionTime();
        pollInterval = TimeSpan.FromTicks(Math.Max(conversion.Ticks / 8, TimeSpan.FromMicroseconds(50).Ticks));
    }

    public Ads1115Settings Settings { get; }

    public IReadOnlyList<string> Channels => channels;

    /// <summary>Samples per second: the data rate, shared by the inputs in single-shot mode.</summary>
    public double RateHz => (double)Settings.Rate.ToHz() / Settings.Inputs.Count;

    /// <summary>Volts per LSB at the configured range.</summary>
    public double VoltsPerLsb => Settings.Range.FullScaleVolts() / 32768.0;

    /// <summary>
    /// Writes the conversion-ready thresholds and checks they read back (the chip has no ID register, so
    /// this is how a missing or different chip is recognised), then writes the config (starting
    /// conversions in continuous mode).
    /// </summary>
    public void Initialize()
    {
        WriteRegister(Register.LoThresh, ReadyLoThreshold);
        WriteRegister(Register.HiThresh, ReadyHiThreshold);
        ushort lo = ReadRegister(Register.LoThresh);
        ushort hi = ReadRegister(Register.HiThresh);
        if (lo != ReadyLoThreshold || hi != ReadyHiThreshold)
        {
            throw new ChipIdentityException(
                $"no ADS1115 at {location}: thresholds read back 0x{lo:X4}/0x{hi:X4}, expected 0x{ReadyLoThreshold:X4}/0x{ReadyHiThreshold:X4}");
        }
        WriteRegister(Register.Config, Config(Settings.Inputs[0], start: false));
    }

    /// <summary>The config word for <paramref name="input"/>: comparator as conversion-ready (traditional, active-low, non-latching, assert after one).</summary>
    public ushort Config(InputMultiplexer input, bool start) => (ushort)(
        (start ? StartConversion : 0)
        | ((int)input << 12)
        | ((int)Settings.Range << 9)
        | ((int)Settings.Mode << 8)
        | ((int)Settings.Rate << 5)
        | AssertAfterOneConversion);

    /// <summary>Single-shot conversion of one input (any mode is left as configured), as the raw int16.</summary>
    public short ReadRaw(InputMultiplexer input)
    {
        WriteRegister(Register.Config, Config(input, start: true));
        this.sleep(Settings.Rate.ConversionTime());
        WaitUntilReady();
        return (short)ReadRegister(Register.Conversion);
    }

    public double ReadVoltage(InputMultiplexer input) => ReadRaw(input) * VoltsPerLsb;

    public int Read(Span<float> destination, int maxSamples)
    {
        int count = channels.Length;
        if (maxSamples < 1 || destination.Length < count)
        {
            return 0;
        }
        if (Settings.Mode == DeviceMode.Continuous)
        {
            destination[0] = (float)((short)ReadRegister(Register.Conversion) * VoltsPerLsb);
            return 1;
        }
        for (int i = 0; i < count; i++)
        {
            destination[i] = (float)ReadVoltage(Settings.Inputs[i]);
        }
        return 1;
    }

    public void Dispose() => this.device.Dispose();

    private void WaitUntilReady()
    {
        for (int poll = 0; poll < MaxReadyPolls; poll++)
        {
            bool ready = this.conversionReady is not null
                ? this.conversionReady()
                : (ReadRegister(Register.Config) & StartConversion) != 0; // OS reads 1 when idle
            if (ready)
            {
                return;
            }
            this.sleep(pollInterval);
        }
        throw new IOException(
            $"ADS1115 at {location}: conversion not ready {MaxReadyPolls} polls after {Settings.Rate.ConversionTime().TotalMilliseconds:0.##} ms");
    }

    private ushort ReadRegister(Register register)
    {
        Span<byte> pointer = [(byte)register];
        Span<byte> value = stackalloc byte[2];
        this.device.WriteRead(pointer, value);
        return BinaryPrimitives.ReadUInt16BigEndian(value);
    }

    private void WriteRegister(Register register, ushort value)
    {
        Span<byte> frame = [(byte)register, (byte)(value >> 8), (byte)value];
        this.device.Write(frame);
    }
}
