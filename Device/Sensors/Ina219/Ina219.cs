using System.Buffers.Binary;
using System.Device.I2c;

namespace EdgeAE.Device.Sensors.Ina219;

/// <summary>
/// TI INA219 current/power monitor on I2C, written on <see cref="I2cDevice"/> rather than through
/// dotnet/iot's binding: the binding costs 6.8 MB of UnitsNet in the AOT binary (12 MB budget) and in
/// 4.2.0 reads the signed shunt and current registers as unsigned (Device/Sensors/README.md). Channels:
/// bus (V), shunt (V), current (A), power (W). The chip has no ID register: the configuration register's
/// power-on value 0x399F after a reset identifies it. Conversions run continuously (shunt and bus, 12 bit,
/// 532 µs), so a read returns the latest ones without waiting.
/// </summary>
public sealed class Ina219 : ISensorChip
{
    public const int DefaultI2cAddress = 0x40;
    /// <summary>A0/A1 strapping gives 16 addresses, 0x40–0x4F.</summary>
    public const int MinI2cAddress = 0x40;
    public const int MaxI2cAddress = 0x4F;
    /// <summary>Configuration register after a reset (datasheet 8.6.2.1): 32 V, ±320 mV, 12-bit, continuous.</summary>
    public const ushort PowerOnConfiguration = 0x399F;
    /// <summary>Shunt voltage LSB: 10 µV at every PGA setting.</summary>
    public const double ShuntLsbVolts = 10e-6;
    /// <summary>Bus voltage LSB: 4 mV, in bits 15:3.</summary>
    public const double BusLsbVolts = 0.004;

    private const ushort Reset = 0x8000;
    private const ushort PgaMask = 0x1800;
    private const ushort OverflowBit = 0x0001;

    private static readonly string[] ChannelNames = ["bus", "shunt", "current", "power"];

    private readonly I2cDevice device;
    private readonly string location;

    public Ina219(I2cDevice device, Ina219Settings? settings = null)
    {
        this.device = device ?? throw new ArgumentNullException(nameof(device));
        Settings = settings ?? new Ina219Settings();
        if (!(Settings.ShuntOhms > 0) || !(Settings.MaxAmps > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "INA219 shunt and maximum current must be positive");
        }
        location = $"I2C bus {device.ConnectionSettings.BusId} address 0x{device.ConnectionSettings.DeviceAddress:X2}";
    }

    public Ina219Settings Settings { get; }

    public IReadOnlyList<string> Channels => ChannelNames;

    public double RateHz => Settings.RateHz;

    /// <summary>PGA bits (12:11) of the finest range that covers <paramref name="shuntVolts"/>: ±40, 80, 160 or 320 mV.</summary>
    public static int PgaGain(double shuntVolts) => shuntVolts switch
    {
        <= 0.040 => 0,
        <= 0.080 => 1,
        <= 0.160 => 2,
        _ => 3,
    };

    /// <summary>Resets the chip, checks the reset value, then sets the PGA range and the calibration.</summary>
    public void Initialize()
    {
        WriteRegister(Register.Configuration, Reset);
        ushort configuration = ReadRegister(Register.Configuration);
        if (configuration != PowerOnConfiguration)
        {
            throw new ChipIdentityException($"no INA219 at {location}: configuration after reset reads 0x{configuration:X4}, expected 0x{PowerOnConfiguration:X4}");
        }
        WriteRegister(Register.Configuration, (ushort)((configuration & ~PgaMask) | PgaGain(Settings.ShuntVolts) << 11));
        WriteRegister(Register.Calibration, Settings.Calibration);
    }

    public int Read(Span<float> destination, int maxSamples)
    {
        if (maxSamples < 1 || destination.Length < ChannelNames.Length)
        {
            return 0;
        }
        // A brown-out resets the calibration to 0, which zeroes current and power: write it before they are read.
        WriteRegister(Register.Calibration, Settings.Calibration);
        ushort bus = ReadRegister(Register.BusVoltage);
        if ((bus & OverflowBit) != 0)
        {
            throw new InvalidDataException($"INA219 at {location}: math overflow (current or power beyond MaxAmps {Settings.MaxAmps} A)");
        }
        destination[0] = (float)((bus >> 3) * BusLsbVolts);
        destination[1] = (float)((short)ReadRegister(Register.ShuntVoltage) * ShuntLsbVolts);
        destination[2] = (float)((short)ReadRegister(Register.Current) * Settings.CurrentLsb);
        destination[3] = (float)(ReadRegister(Register.Power) * 20 * Settings.CurrentLsb);
        return 1;
    }

    public void Dispose() => device.Dispose();

    private ushort ReadRegister(Register register)
    {
        Span<byte> pointer = [(byte)register];
        Span<byte> value = stackalloc byte[2];
        device.WriteRead(pointer, value);
        return BinaryPrimitives.ReadUInt16BigEndian(value);
    }

    private void WriteRegister(Register register, ushort value)
    {
        Span<byte> frame = [(byte)register, (byte)(value >> 8), (byte)value];
        device.Write(frame);
    }
}
