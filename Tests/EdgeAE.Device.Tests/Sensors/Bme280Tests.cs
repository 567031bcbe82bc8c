using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sensors.Bme280;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Driver = EdgeAE.Device.Sensors.Bme280.Bme280;

namespace EdgeAE.Device.Tests.Sensors;

/// <summary>
/// The BME280 driver's compensation against Bosch's worked example and the datasheet's floating-point
/// formulas, and the chip handling (ID, reset, trimming readout, skipped samples) on a simulated I2C bus.
/// </summary>
public class Bme280Tests
{
    /// <summary>
    /// Bosch's worked example for the temperature and pressure compensation the BME280 shares with the BMP280
    /// (BMP280 datasheet 3.12, table "Compensation formula example"): t_fine 128422, 25.08 °C, 100653.27 Pa.
    /// The humidity trimming is a typical chip's (no published example).
    /// </summary>
    private static readonly Bme280Calibration Example = new()
    {
        T1 = 27504,
        T2 = 26435,
        T3 = -1000,
        P1 = 36477,
        P2 = -10685,
        P3 = 3024,
        P4 = 2855,
        P5 = 140,
        P6 = -7,
        P7 = 15500,
        P8 = -14600,
        P9 = 6000,
        H1 = 75,
        H2 = 362,
        H3 = 0,
        H4 = 313,
        H5 = 50,
        H6 = 30,
    };

    private const int ExampleAdcT = 519888;
    private const int ExampleAdcP = 415148;

    [Test]
    public void TemperatureAndPressureMatchBoschsWorkedExample()
    {
        Assert.That(Example.CompensateTemperature(ExampleAdcT, out int tFine), Is.EqualTo(2508), "25.08 °C in 0.01 °C");
        Assert.That(tFine, Is.EqualTo(128422));
        Assert.That(Example.CompensatePressure(ExampleAdcP, tFine) / 256.0, Is.EqualTo(100653.27).Within(0.1), "Pa");
    }

    [TestCase(30000)]
    [TestCase(27000)]
    [TestCase(35000)]
    public void HumidityMatchesTheDatasheetsFloatingPointFormula(int adcH)
    {
        Example.CompensateTemperature(ExampleAdcT, out int tFine);
        double integer = Example.CompensateHumidity(adcH, tFine) / 1024.0;
        Assert.That(integer, Is.EqualTo(HumidityDouble(Example, adcH, tFine)).Within(0.02), "%RH");
        Assert.That(integer, Is.InRange(0.0, 100.0));
    }

    [Test]
    public void HumidityIsClampedToTheValidRange()
    {
        Example.CompensateTemperature(ExampleAdcT, out int tFine);
        Assert.That(Example.CompensateHumidity(0, tFine), Is.Zero);
        Assert.That(Example.CompensateHumidity(65535, tFine) / 1024.0, Is.EqualTo(100.0));
    }

    [Test]
    public void TheTrimmingIsReadFromTheChipAndItsSharedNibblesSplit()
    {
        var negative = new Bme280Calibration { T1 = Example.T1, T2 = Example.T2, T3 = Example.T3, P1 = Example.P1, P9 = -3, H1 = 1, H2 = -2, H3 = 250, H4 = -100, H5 = -7, H6 = -5 };
        var model = new Bme280Model(negative) { AdcT = ExampleAdcT, AdcP = ExampleAdcP, AdcH = 30000 };
        var sleeps = new SleepRecorder();
        using var chip = new Driver(new RegisterI2cDevice(model, 1, 0x76), sleep: sleeps.Sleep);
        chip.Initialize();

        Assert.That(Fields(chip.Calibration!), Is.EqualTo(Fields(negative)));
        Assert.That(model.Resets, Is.EqualTo(1));
        Assert.That(model.Registers[0xF2], Is.EqualTo(0x01), "humidity ×1");
        Assert.That(model.Registers[0xF4], Is.EqualTo(0b001_001_11), "temperature and pressure ×1, normal mode");
        Assert.That(model.Writes.FindIndex(w => w.Register == 0xF2), Is.LessThan(model.Writes.FindIndex(w => w.Register == 0xF4)),
            "ctrl_hum only takes effect with the ctrl_meas write after it");
        Assert.That(sleeps.Waits, Is.Not.Empty, "waits out the reset");
    }

    [Test]
    public void ThroughTheChipArrayAtTheAlternateAddress()
    {
        var model = new Bme280Model(Example) { AdcT = ExampleAdcT, AdcP = ExampleAdcP, AdcH = 30000 };
        var buses = new SimulatedBuses();
        buses.I2c[(1, 0x77)] = new RegisterI2cDevice(model, 1, 0x77);
        var chips = new[] { new ChipOptions { Kind = ChipKind.Bme280, Address = 0x77, Names = ["cabinet_c", "cabinet_pa", "cabinet_rh"] } };
        Assert.That(ChipFactory.Validate(chips, "Source:Chips"), Is.Null);
        using var array = ChipArray.Open(chips, buses, null, _ => { });
        var frame = new float[3];

        Assert.That(array.ReadFrames(frame, 1), Is.EqualTo(1));

        Example.CompensateTemperature(ExampleAdcT, out int tFine);
        Assert.That(frame[0], Is.EqualTo(25.08f));
        Assert.That(frame[1], Is.EqualTo(100653.27).Within(0.1));
        Assert.That(frame[2], Is.EqualTo(HumidityDouble(Example, 30000, tFine)).Within(0.02));
    }

    [Test]
    public void NoSampleUntilTheFirstMeasurement()
    {
        var model = new Bme280Model(Example) { AdcT = ExampleAdcT, AdcP = ExampleAdcP, AdcH = 30000 };
        using var chip = new Driver(new RegisterI2cDevice(model, 1, 0x76), sleep: _ => { });
        chip.Initialize();
        model.Registers[0xF4] = 0; // back in sleep mode: the data registers read "skipped"
        Assert.That(chip.Read(new float[3], 1), Is.Zero);
    }

    [TestCase((byte)0x58, "no BME280 at I2C bus 1 address 0x76: chip id 0x58 (a BMP280: no humidity), expected 0x60")]
    [TestCase((byte)0x00, "no BME280 at I2C bus 1 address 0x76: chip id 0x00, expected 0x60")]
    public void AnotherChipIsNotFound(byte id, string message)
    {
        var buses = new SimulatedBuses();
        buses.I2c[(1, 0x76)] = new RegisterI2cDevice(new Bme280Model(Example, id), 1, 0x76);
        var fault = Assert.Throws<SensorFaultException>(() => ChipArray.Open([new ChipOptions { Kind = ChipKind.Bme280 }], buses, null, _ => { }));
        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.NotFound));
        Assert.That(fault.Message, Is.EqualTo($"sensor 'bme280' not found: {message} (4 attempts)"));
    }

    [Test]
    public void ABusErrorMidStreamIsRetriedThenDown()
    {
        var model = new Bme280Model(Example) { AdcT = ExampleAdcT, AdcP = ExampleAdcP, AdcH = 30000 };
        var device = new RegisterI2cDevice(model, 1, 0x76);
        var buses = new SimulatedBuses();
        buses.I2c[(1, 0x76)] = device;
        using var array = ChipArray.Open([new ChipOptions { Kind = ChipKind.Bme280, Inputs = ["temp"] }], buses, null, _ => { });
        var frame = new float[1];
        device.Faults.FailNext(2);
        Assert.That(array.ReadFrames(frame, 1), Is.EqualTo(1), "two failures are absorbed by the retries");
        device.Faults.Down = true;
        Assert.That(Assert.Throws<SensorFaultException>(() => array.ReadFrames(frame, 1))!.Kind, Is.EqualTo(SensorFaultKind.Down));
    }

    [TestCase(0x75, "Source:Chips:0:Address: BME280 address 0x75 is not 0x76 or 0x77")]
    public void BadAddressNamesTheKey(int address, string expected) =>
        Assert.That(ChipFactory.Validate([new ChipOptions { Kind = ChipKind.Bme280, Address = address }], "Source:Chips"), Is.EqualTo(expected));

    private static int[] Fields(Bme280Calibration c) =>
        [c.T1, c.T2, c.T3, c.P1, c.P2, c.P3, c.P4, c.P5, c.P6, c.P7, c.P8, c.P9, c.H1, c.H2, c.H3, c.H4, c.H5, c.H6];

    /// <summary>Datasheet 8.1, "Compensation formulas in double precision floating point", humidity.</summary>
    private static double HumidityDouble(Bme280Calibration c, int adcH, int tFine)
    {
        double h = tFine - 76800.0;
        h = (adcH - (c.H4 * 64.0 + c.H5 / 16384.0 * h)) * (c.H2 / 65536.0 * (1.0 + c.H6 / 67108864.0 * h * (1.0 + c.H3 / 67108864.0 * h)));
        h *= 1.0 - c.H1 * h / 524288.0;
        return Math.Clamp(h, 0, 100);
    }
}
