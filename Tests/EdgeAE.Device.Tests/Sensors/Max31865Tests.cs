using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sensors.Max31865;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Driver = EdgeAE.Device.Sensors.Max31865.Max31865;

namespace EdgeAE.Device.Tests.Sensors;

/// <summary>The MAX31865 RTD driver on a simulated SPI register file, with IEC 60751 values as expectations.</summary>
public class Max31865Tests
{
    // IEC 60751 table values for a PT100: R(0) = 100, R(100) = 138.5055, R(−200) = 18.5201, R(850) = 390.4811.
    [TestCase(100.0, 100.0, 0.0)]
    [TestCase(138.5055, 100.0, 100.0)]
    [TestCase(18.5201, 100.0, -200.0)]
    [TestCase(390.4811, 100.0, 850.0)]
    [TestCase(1385.055, 1000.0, 100.0)]
    [TestCase(803.063, 1000.0, -50.0)]
    public void CallendarVanDusenMatchesTheIecTable(double ohms, double r0, double celsius)
    {
        Assert.That(CallendarVanDusen.Temperature(ohms, r0), Is.EqualTo(celsius).Within(0.005));
        Assert.That(CallendarVanDusen.Resistance(celsius, r0), Is.EqualTo(ohms).Within(0.002 * r0 / 100));
    }

    [TestCase(100.0, 0.0)]
    [TestCase(138.5, 99.99)]
    [TestCase(84.27, -40.0)]
    public void APt100ThroughTheChipReadsItsTemperature(double ohms, double celsius)
    {
        var model = new Max31865Model { RtdOhms = ohms };
        using var chip = new Driver(new WriteFlagSpiDevice(model));
        chip.Initialize();
        var values = new float[2];

        Assert.That(chip.Read(values, 1), Is.EqualTo(1));

        double lsbOhms = 430.0 / 32768; // one ADC code: 0.013 Ω ≈ 0.034 °C
        Assert.That(values[1], Is.EqualTo(ohms).Within(lsbOhms));
        Assert.That(values[0], Is.EqualTo(celsius).Within(0.04));
        Assert.That(model.Registers[0], Is.EqualTo(0x80 | 0x40 | 0x01), "bias, auto conversion, 50 Hz notch");
        Assert.That(model.Writes.Take(2).Select(w => w.Value), Is.EqualTo(new byte[] { 0x80 | 0x03, 0x80 | 0x40 | 0x01 }),
            "the notch is set with conversions stopped, then auto mode starts");
    }

    [Test]
    public void APt1000ThreeWireUsesItsReferenceAndTheThreeWireBit()
    {
        var model = new Max31865Model { ReferenceOhms = 4300, RtdOhms = 1385.055 };
        var settings = new Max31865Settings { RtdOhms = 1000, ReferenceOhms = 4300, Wires = 3, MainsHz = 60 };
        using var chip = new Driver(new WriteFlagSpiDevice(model), settings);
        chip.Initialize();
        var values = new float[2];
        chip.Read(values, 1);
        Assert.That(values[0], Is.EqualTo(100).Within(0.04));
        Assert.That(model.Registers[0], Is.EqualTo(0x80 | 0x40 | 0x10), "3-wire, 60 Hz");
    }

    [TestCase(double.PositiveInfinity, SensorFaultKind.Down, "RTD above the 850 °C threshold (open RTD or broken wire) (fault status 0x80)")]
    [TestCase(0.5, SensorFaultKind.BadData, "RTD below the −200 °C threshold (shorted RTD) (fault status 0x40)")]
    public void AnOpenOrShortedRtdIsAFaultNamedFromTheStatusRegister(double ohms, SensorFaultKind kind, string detail)
    {
        var model = new Max31865Model();
        var buses = new SimulatedBuses();
        buses.Spi[(0, 0)] = new WriteFlagSpiDevice(model);
        using var array = ChipArray.Open([new ChipOptions { Kind = ChipKind.Max31865, Bus = SensorBus.Spi, Name = "oven" }], buses, null, _ => { });
        var frame = new float[1];
        Assert.That(array.ReadFrames(frame, 1), Is.EqualTo(1));
        Assert.That(frame[0], Is.EqualTo(0).Within(0.04));

        model.RtdOhms = ohms;
        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(frame, 1));

        Assert.That(fault!.Kind, Is.EqualTo(kind));
        Assert.That(fault.Message, Is.EqualTo($"sensor 'oven' {kind.Phrase()}: MAX31865 at SPI bus 0 chip select 0: {detail} (4 attempts)"));
        Assert.That(model.FaultClears, Is.GreaterThanOrEqualTo(4), "every read that saw the fault clears the latch");

        model.RtdOhms = 100;
        Assert.That(array.ReadFrames(frame, 1), Is.EqualTo(1), "recovers once the probe is back");
    }

    [Test]
    public void AnOverVoltageIsBadData()
    {
        var model = new Max31865Model();
        using var chip = new Driver(new WriteFlagSpiDevice(model));
        chip.Initialize();
        model.InjectStatus = 0x04;
        var e = Assert.Throws<ProbeFaultException>(() => chip.Read(new float[2], 1));
        Assert.That(e!.Kind, Is.EqualTo(SensorFaultKind.BadData));
        Assert.That(e.Message, Does.Contain("over- or under-voltage"));
        Assert.That(chip.Read(new float[2], 1), Is.EqualTo(1), "the latch was cleared");
    }

    [Test]
    public void NoChipReadsAllOnesAndIsNotFound()
    {
        using var chip = new Driver(new WriteFlagSpiDevice(new Max31865Model()) { MisoHigh = true });
        var e = Assert.Throws<ChipIdentityException>(chip.Initialize);
        Assert.That(e!.Message, Does.StartWith("no MAX31865 at SPI bus 0 chip select 0: configuration reads back 0xFF, expected 0xC1"));
    }

    [TestCase("RtdOhms", 500.0, "Source:Chips:0:RtdOhms: RTD 500 Ω is not a PT100 (100) or PT1000 (1000)")]
    [TestCase("ReferenceOhms", 50.0, "Source:Chips:0:ReferenceOhms: reference 50 Ω must be above the RTD's 100 Ω and at most 10× it (the ADC reads R_RTD / R_REF)")]
    [TestCase("RateHz", 100.0, "Source:Chips:0:RateHz: MAX31865 poll rate must be in (0, 50] Hz (one conversion per 20 ms with the 50 Hz filter)")]
    public void BadRtdConfigNamesTheKey(string key, double value, string expected)
    {
        var o = new ChipOptions { Kind = ChipKind.Max31865, Bus = SensorBus.Spi };
        switch (key)
        {
            case "RtdOhms": o.RtdOhms = value; break;
            case "ReferenceOhms": o.ReferenceOhms = value; break;
            default: o.RateHz = value; break;
        }
        Assert.That(ChipFactory.Validate([o], "Source:Chips"), Is.EqualTo(expected));
        Assert.That(ChipFactory.Validate([new ChipOptions { Kind = ChipKind.Max31865 }], "Source:Chips"), Is.EqualTo("Source:Chips:0:Bus: the MAX31865 is an SPI chip"));
        Assert.That(ChipFactory.Validate([new ChipOptions { Kind = ChipKind.Ads1115, Wires = 3 }], "Source:Chips"), Is.EqualTo("Source:Chips:0:Wires: only the MAX31865 reads an RTD"));
    }
}
