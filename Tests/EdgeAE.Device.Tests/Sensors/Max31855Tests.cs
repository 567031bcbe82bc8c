using EdgeAE.Device.Sensors;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Driver = EdgeAE.Device.Sensors.Max31855.Max31855;

namespace EdgeAE.Device.Tests.Sensors;

/// <summary>The MAX31855 frame decoder and fault bits, with the datasheet's table 4/5 bit patterns.</summary>
public class Max31855Tests
{
    // Datasheet table 4 (14-bit thermocouple) and table 5 (12-bit internal) example codes.
    [TestCase(0b0110_0100_0000_00u, 1600.00)]
    [TestCase(0b0000_0110_0100_11u, 100.75)]
    [TestCase(0b0000_0000_0000_00u, 0.0)]
    [TestCase(0b1111_1111_1111_11u, -0.25)]
    [TestCase(0b1111_0000_0110_00u, -250.00)]
    public void ThermocoupleCodesDecodeAsTheDatasheetTable(uint code, double celsius) =>
        Assert.That(Driver.Thermocouple(code << 18), Is.EqualTo(celsius));

    [TestCase(0b0111_1111_0000u, 127.0)]
    [TestCase(0b0110_0100_1001u, 100.5625)]
    [TestCase(0b1111_1111_1111u, -0.0625)]
    [TestCase(0b1100_1001_0000u, -55.0)]
    public void InternalCodesDecodeAsTheDatasheetTable(uint code, double celsius) =>
        Assert.That(Driver.Internal(code << 4), Is.EqualTo(celsius));

    [Test]
    public void AReadingThroughTheChipArray()
    {
        var sim = new SimulatedMax31855 { Frame = SimulatedMax31855.FrameOf(412.25, 23.5) };
        var buses = new SimulatedBuses();
        buses.Spi[(0, 1)] = sim;
        var chips = new[] { new ChipOptions { Kind = ChipKind.Max31855, Bus = SensorBus.Spi, ChipSelect = 1, Inputs = ["temp", "internal"], Names = ["kiln", "kiln_cj"] } };
        Assert.That(ChipFactory.Validate(chips, "Source:Chips"), Is.Null);
        using var array = ChipArray.Open(chips, buses, null, _ => { });
        var frame = new float[2];
        Assert.That(array.ReadFrames(frame, 1), Is.EqualTo(1));
        Assert.That(frame, Is.EqualTo(new[] { 412.25f, 23.5f }));
        Assert.That(buses.SpiOpens.Single().Mode, Is.EqualTo(System.Device.Spi.SpiMode.Mode0));
    }

    [TestCase(0b001, SensorFaultKind.Down, "thermocouple open (not connected or broken)")]
    [TestCase(0b010, SensorFaultKind.BadData, "thermocouple shorted to GND")]
    [TestCase(0b100, SensorFaultKind.BadData, "thermocouple shorted to VCC")]
    public void FaultBitsBecomeSensorFaults(int bits, SensorFaultKind kind, string detail)
    {
        var sim = new SimulatedMax31855 { Frame = SimulatedMax31855.FrameOf(25, 24) };
        var buses = new SimulatedBuses();
        buses.Spi[(0, 0)] = sim;
        using var array = ChipArray.Open([new ChipOptions { Kind = ChipKind.Max31855, Bus = SensorBus.Spi }], buses, null, _ => { });
        var frame = new float[1];
        array.ReadFrames(frame, 1);

        sim.Frame = SimulatedMax31855.FrameOf(0, 24, bits);
        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(frame, 1));

        Assert.That(fault!.Kind, Is.EqualTo(kind));
        Assert.That(fault.Message, Is.EqualTo($"sensor 'max31855' {kind.Phrase()}: MAX31855 at SPI bus 0 chip select 1: {detail} (4 attempts)"));
        sim.Frame = SimulatedMax31855.FrameOf(26, 24);
        Assert.That(array.ReadFrames(frame, 1), Is.EqualTo(1));
        Assert.That(frame[0], Is.EqualTo(26));
    }

    [TestCase(0xFFFFFFFFu, "is all ones (MISO floating)")]
    [TestCase(0x00020000u, "has reserved bits 17 or 3 set")]
    public void AFloatingBusOrAnotherDeviceIsNotAMax31855(uint frame, string why)
    {
        using var chip = new Driver(new SimulatedMax31855 { Frame = frame });
        var e = Assert.Throws<ChipIdentityException>(chip.Initialize);
        Assert.That(e!.Message, Is.EqualTo($"no MAX31855 at SPI bus 0 chip select 1: frame 0x{frame:X8} {why}"));
    }

    [Test]
    public void ItHasNoConfigurableType() =>
        Assert.That(ChipFactory.Validate([new ChipOptions { Kind = ChipKind.Max31855, Bus = SensorBus.Spi, Thermocouple = "J" }], "Source:Chips"),
            Is.EqualTo("Source:Chips:0:Thermocouple: only the MAX31856 has a configurable thermocouple type (the MAX31855's is its part suffix)"));
}
