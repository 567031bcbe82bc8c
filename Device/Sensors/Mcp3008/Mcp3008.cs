using System.Device.Spi;

namespace EdgeAE.Device.Sensors.Mcp3008;

/// <summary>
/// Microchip MCP3008 8-channel 10-bit ADC on SPI (mode 0). Each input is one 3-byte transfer:
/// <c>0x01</c> (start bit), <c>SGL/DIFF D2 D1 D0 0000</c>, <c>0x00</c>; the reply carries a null bit
/// (byte 1, bit 2) then B9..B0. It converts on demand, so one <see cref="Read"/> returns one sample.
/// Values are volts: code × Vref / 1024.
/// </summary>
public sealed class Mcp3008 : ISensorChip
{
    public const SpiMode SpiModeRequired = SpiMode.Mode0;
    /// <summary>Datasheet: 3.6 MHz at VDD = 5 V, 1.35 MHz at 2.7 V; 1 MHz is safe at 3.3 V.</summary>
    public const int DefaultSpiClockHz = 1_000_000;
    public const int MaxCode = 1023;

    private const byte StartBit = 0x01;
    private const byte NullBit = 0x04;

    private readonly SpiDevice device;
    private readonly string[] channels;
    private readonly byte[] tx = new byte[3];
    private readonly byte[] rx = new byte[3];
    private readonly string location;

    public Mcp3008(SpiDevice device, Mcp3008Settings? settings = null)
    {
        this.device = device ?? throw new ArgumentNullException(nameof(device));
        Settings = settings ?? new Mcp3008Settings();
        if (Settings.Inputs.Count == 0)
        {
            throw new ArgumentException("MCP3008 needs at least one input", nameof(settings));
        }
        if (!(Settings.ReferenceVolts > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), Settings.ReferenceVolts, "MCP3008 Vref must be positive");
        }
        channels = Settings.Inputs.Select(i => i.Name).ToArray();
        location = $"SPI bus {device.ConnectionSettings.BusId} chip select {device.ConnectionSettings.ChipSelectLine}";
    }

    public Mcp3008Settings Settings { get; }

    public IReadOnlyList<string> Channels => channels;

    public double RateHz => Settings.RateHz;

    public double VoltsPerCode => Settings.ReferenceVolts / 1024.0;

    /// <summary>
    /// The chip has no configuration or ID; one conversion checks that something drives MISO (an absent chip
    /// reads all ones, which sets the null bit).
    /// </summary>
    public void Initialize()
    {
        try
        {
            ReadRaw(Settings.Inputs[0]);
        }
        catch (InvalidDataException e)
        {
            throw new ChipIdentityException($"no MCP3008 at {location}: {e.Message}");
        }
    }

    /// <summary>One conversion, 0..1023.</summary>
    public int ReadRaw(Mcp3008Input input)
    {
        tx[0] = StartBit;
        tx[1] = (byte)(input.Code << 4);
        tx[2] = 0;
        this.device.TransferFullDuplex(tx, rx);
        if ((rx[1] & NullBit) != 0)
        {
            throw new InvalidDataException(
                $"MCP3008 at {location}: null bit is 1 (reply 0x{rx[1]:X2} 0x{rx[2]:X2}); MISO floating or chip absent");
        }
        return ((rx[1] & 0x03) << 8) | rx[2];
    }

    public double ReadVoltage(Mcp3008Input input) => ReadRaw(input) * VoltsPerCode;

    public int Read(Span<float> destination, int maxSamples)
    {
        if (maxSamples < 1 || destination.Length < channels.Length)
        {
            return 0;
        }
        for (int i = 0; i < channels.Length; i++)
        {
            destination[i] = (float)ReadVoltage(Settings.Inputs[i]);
        }
        return 1;
    }

    public void Dispose() => this.device.Dispose();
}
