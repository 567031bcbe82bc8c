using System.Device.I2c;
using EdgeAE.Device.Sensors.Buses;

namespace EdgeAE.Device.Sensors.Bme280;

/// <summary>
/// Bosch BME280 temperature, pressure and humidity sensor on I2C (0x76, or 0x77 with SDO high). Channels:
/// temp (°C), pressure (Pa), humidity (%RH), compensated with the datasheet's integer formulas and the
/// chip's own trimming parameters. Runs in normal mode, so a poll reads the latest measurement.
/// </summary>
public sealed class Bme280 : ISensorChip
{
    public const int DefaultI2cAddress = 0x76;
    public const int AlternateI2cAddress = 0x77;
    public const byte ChipId = 0x60;
    /// <summary>The BMP280 answers the same addresses with 0x56–0x58 and has no humidity.</summary>
    public const byte Bmp280ChipId = 0x58;

    private const byte ResetCommand = 0xB6;
    private const byte ImUpdate = 0x01;
    /// <summary>osrs_t = osrs_p = ×1 (001), mode normal (11).</summary>
    private const byte MeasureNormal = 0b001_001_11;
    private const byte HumidityX1 = 0b001;
    /// <summary>Data registers hold 0x80000 / 0x8000 until the first measurement (datasheet 5.4.7–5.4.9).</summary>
    private const int Skipped20 = 0x80000;
    private const int Skipped16 = 0x8000;

    private static readonly string[] ChannelNames = ["temp", "pressure", "humidity"];

    private readonly I2cRegisterBus bus;
    private readonly Action<TimeSpan> sleep;

    public Bme280(I2cDevice device, Bme280Settings? settings = null, Action<TimeSpan>? sleep = null)
    {
        bus = new I2cRegisterBus(device ?? throw new ArgumentNullException(nameof(device)));
        Settings = settings ?? new Bme280Settings();
        this.sleep = sleep ?? Thread.Sleep;
    }

    public Bme280Settings Settings { get; }

    /// <summary>The trimming parameters read at <see cref="Initialize"/>.</summary>
    public Bme280Calibration? Calibration { get; private set; }

    public IReadOnlyList<string> Channels => ChannelNames;

    public double RateHz => Settings.RateHz;

    /// <summary>Checks the chip ID, soft-resets, waits for the NVM copy, reads the trimming and starts normal mode.</summary>
    public void Initialize()
    {
        Span<byte> id = stackalloc byte[1];
        bus.Read((byte)Register.ChipId, id);
        if (id[0] != ChipId)
        {
            string which = id[0] is >= 0x56 and <= Bmp280ChipId ? " (a BMP280: no humidity)" : "";
            throw new ChipIdentityException($"no BME280 at {bus.Location}: chip id 0x{id[0]:X2}{which}, expected 0x{ChipId:X2}");
        }
        bus.Write((byte)Register.Reset, ResetCommand);
        Span<byte> status = stackalloc byte[1];
        for (int attempt = 0; ; attempt++)
        {
            sleep(TimeSpan.FromMilliseconds(2)); // start-up time after a reset: 2 ms
            bus.Read((byte)Register.Status, status);
            if ((status[0] & ImUpdate) == 0)
            {
                break;
            }
            if (attempt == 4)
            {
                throw new IOException($"BME280 at {bus.Location}: still copying its calibration (im_update) 10 ms after a reset");
            }
        }
        Span<byte> tp = stackalloc byte[Bme280Calibration.TpLength];
        Span<byte> h = stackalloc byte[Bme280Calibration.HLength];
        bus.Read((byte)Register.CalibrationTp, tp);
        bus.Read((byte)Register.CalibrationH, h);
        Calibration = Bme280Calibration.Parse(tp, h);
        // ctrl_hum takes effect only with the following write to ctrl_meas (datasheet 5.4.3).
        bus.Write((byte)Register.ControlHumidity, HumidityX1);
        bus.Write((byte)Register.Config, 0);
        bus.Write((byte)Register.ControlMeasurement, MeasureNormal);
    }

    public int Read(Span<float> destination, int maxSamples)
    {
        if (maxSamples < 1 || destination.Length < ChannelNames.Length || Calibration is not { } c)
        {
            return 0;
        }
        Span<byte> d = stackalloc byte[8];
        bus.Read((byte)Register.Data, d);
        int adcP = d[0] << 12 | d[1] << 4 | d[2] >> 4;
        int adcT = d[3] << 12 | d[4] << 4 | d[5] >> 4;
        int adcH = d[6] << 8 | d[7];
        if (adcT == Skipped20 || adcP == Skipped20 || adcH == Skipped16)
        {
            return 0; // no measurement since the reset yet
        }
        int centi = c.CompensateTemperature(adcT, out int tFine);
        uint pressure = c.CompensatePressure(adcP, tFine);
        if (pressure == 0)
        {
            throw new InvalidDataException($"BME280 at {bus.Location}: calibration dig_P1 is 0 (NVM unreadable)");
        }
        destination[0] = centi / 100f;
        destination[1] = pressure / 256f;
        destination[2] = c.CompensateHumidity(adcH, tFine) / 1024f;
        return 1;
    }

    public void Dispose() => bus.Dispose();
}
