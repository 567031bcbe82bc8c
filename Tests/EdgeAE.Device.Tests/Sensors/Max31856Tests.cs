using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sensors.Max31856;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Driver = EdgeAE.Device.Sensors.Max31856.Max31856;

namespace EdgeAE.Device.Tests.Sensors;

/// <summary>The MAX31856 on a simulated SPI register file: datasheet code tables, types, and fault bits.</summary>
public class Max31856Tests
{
    // Datasheet table 5 (linearised thermocouple, 19 bits) and table 3 (cold junction, 14 bits).
    [TestCase(0x64, 0x00, 0x00, 1600.0)]
    [TestCase(0x06, 0x4F, 0x00, 100.9375)]
    [TestCase(0x00, 0x00, 0x20, 0.0078125)]
    [TestCase(0xFF, 0xFF, 0xE0, -0.0078125)]
    [TestCase(0xF0, 0x60, 0x00, -250.0)]
    public void LinearisedCodesDecodeAsTheDatasheetTable(int high, int middle, int low, double celsius) =>
        Assert.That(Driver.Thermocouple((byte)high, (byte)middle, (byte)low), Is.EqualTo(celsius));

    [TestCase(0x7F, 0xFC, 127.984375)]
    [TestCase(0x19, 0x00, 25.0)]
    [TestCase(0xFF, 0xFC, -0.015625)]
    [TestCase(0xC9, 0x00, -55.0)]
    public void ColdJunctionCodesDecodeAsTheDatasheetTable(int high, int low, double celsius) =>
        Assert.That(Driver.ColdJunction((byte)high, (byte)low), Is.EqualTo(celsius));

    [Test]
    public void AJTypeThroughTheChipArrayWithItsColdJunction()
    {
        var model = new Max31856Model { Celsius = 301.5, ColdJunctionCelsius = 22.25 };
        var buses = new SimulatedBuses();
        buses.Spi[(0, 0)] = new WriteFlagSpiDevice(model);
        var sleeps = new SleepRecorder();
        var chips = new[] { new ChipOptions { Kind = ChipKind.Max31856, Bus = SensorBus.Spi, Thermocouple = "j", MainsHz = 60, Inputs = ["temp", "internal"] } };
        using var array = ChipArray.Open(chips, buses, null, sleeps.Sleep);
        var frame = new float[2];

        Assert.That(array.ReadFrames(frame, 1), Is.EqualTo(1));
        Assert.That(frame, Is.EqualTo(new[] { 301.5f, 22.25f }));
        Assert.That(model.Registers[1] & 0x0F, Is.EqualTo((int)ThermocoupleType.J));
        Assert.That(model.Registers[0], Is.EqualTo(0x80 | 0x10), "auto conversion, open-circuit detection, 60 Hz");
        Assert.That(sleeps.Waits, Does.Contain(Driver.FirstConversion), "waits for the first conversion instead of reading a power-on zero");
        Assert.That(array.Channels, Is.EqualTo(new[] { "max31856.temp", "max31856.internal" }));
    }

    [TestCase(0x01, SensorFaultKind.Down, "thermocouple open (not connected or broken) (status 0x01)")]
    [TestCase(0x02, SensorFaultKind.BadData, "over- or under-voltage on T+/T− (thermocouple shorted to a supply?) (status 0x02)")]
    [TestCase(0x40, SensorFaultKind.BadData, "thermocouple temperature outside the type K range (status 0x40)")]
    [TestCase(0x80, SensorFaultKind.BadData, "cold junction outside −55…125 °C (status 0x80)")]
    public void StatusBitsBecomeSensorFaults(int status, SensorFaultKind kind, string detail)
    {
        var model = new Max31856Model { Celsius = 80 };
        var buses = new SimulatedBuses();
        buses.Spi[(0, 0)] = new WriteFlagSpiDevice(model);
        using var array = ChipArray.Open([new ChipOptions { Kind = ChipKind.Max31856, Bus = SensorBus.Spi, Name = "tc" }], buses, null, _ => { });
        var frame = new float[1];
        array.ReadFrames(frame, 1);

        model.Status = (byte)status;
        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(frame, 1));

        Assert.That(fault!.Kind, Is.EqualTo(kind));
        Assert.That(fault.Message, Is.EqualTo($"sensor 'tc' {kind.Phrase()}: MAX31856 at SPI bus 0 chip select 0: {detail} (4 attempts)"));
        model.Status = 0;
        Assert.That(array.ReadFrames(frame, 1), Is.EqualTo(1));
    }

    [Test]
    public void NoChipFailsTheReadBack()
    {
        using var chip = new Driver(new WriteFlagSpiDevice(new Max31856Model()) { MisoHigh = true }, sleep: _ => { });
        var e = Assert.Throws<ChipIdentityException>(chip.Initialize);
        Assert.That(e!.Message, Is.EqualTo("no MAX31856 at SPI bus 0 chip select 0: CR0/CR1 read back 0xFF/0xFF, expected 0x91/0x03"));
    }

    [Test]
    public void AnUnknownTypeNamesTheKey() =>
        Assert.That(ChipFactory.Validate([new ChipOptions { Kind = ChipKind.Max31856, Bus = SensorBus.Spi, Thermocouple = "X" }], "Source:Chips"),
            Is.EqualTo("Source:Chips:0:Thermocouple: thermocouple type 'X' is not one of B, E, J, K, N, R, S, T"));
}
