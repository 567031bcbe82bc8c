using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sensors.Ina219;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Driver = EdgeAE.Device.Sensors.Ina219.Ina219;

namespace EdgeAE.Device.Tests.Sensors;

/// <summary>The INA219 driver on a simulated register bus that computes current and power as the chip does.</summary>
public class Ina219Tests
{
    [Test]
    public void CalibrationAndGainFollowTheDatasheetFromTheShunt()
    {
        var settings = new Ina219Settings { ShuntOhms = 0.1, MaxAmps = 3.2 };
        Assert.That(settings.CurrentLsb, Is.EqualTo(3.2 / 32768));
        Assert.That(settings.Calibration, Is.EqualTo(4194), "trunc(0.04096 / (Current_LSB · 0.1 Ω))");
        Assert.That(Driver.PgaGain(0.032), Is.EqualTo(0), "±40 mV");
        Assert.That(Driver.PgaGain(0.1), Is.EqualTo(2), "±160 mV");
        Assert.That(Driver.PgaGain(0.32), Is.EqualTo(3), "±320 mV");

        var sim = new SimulatedIna219();
        using var chip = new Driver(sim, new Ina219Settings { ShuntOhms = 0.01, MaxAmps = 5 });
        chip.Initialize();
        Assert.That(sim.Registers[0], Is.EqualTo((0x399F & ~0x1800) | 1 << 11), "reset, then PGA ±80 mV for 50 mV full scale");
        Assert.That(sim.Registers[5], Is.EqualTo((ushort)Math.Truncate(0.04096 / (5.0 / 32768 * 0.01))));
    }

    [TestCase(0.05, 12.0)]
    [TestCase(-0.02, 5.0)]
    public void BusShuntCurrentAndPowerInBothDirections(double shunt, double bus)
    {
        var sim = new SimulatedIna219 { ShuntVolts = shunt, BusVolts = bus };
        var settings = new Ina219Settings { ShuntOhms = 0.1, MaxAmps = 3.2 };
        using var chip = new Driver(sim, settings);
        chip.Initialize();

        var values = new float[4];
        Assert.That(chip.Read(values, 1), Is.EqualTo(1));
        double amps = shunt / 0.1;
        Assert.That(values[0], Is.EqualTo(bus).Within(0.004), "bus V");
        Assert.That(values[1], Is.EqualTo(shunt).Within(10e-6), "shunt V, two's complement");
        Assert.That(values[2], Is.EqualTo(amps).Within(2 * settings.CurrentLsb + 1e-3 * Math.Abs(amps)), "current A, signed");
        Assert.That(values[3], Is.EqualTo(Math.Abs(amps) * bus).Within(0.01 * Math.Abs(amps) * bus), "power W");
        Assert.That(chip.Channels, Is.EqualTo(new[] { "bus", "shunt", "current", "power" }));
    }

    [Test]
    public void CalibrationLostInABrownOutIsRewrittenBeforeEachRead()
    {
        var sim = new SimulatedIna219 { ShuntVolts = 0.03, BusVolts = 24 };
        using var chip = new Driver(sim);
        chip.Initialize();
        sim.Registers[5] = 0;
        var values = new float[4];
        chip.Read(values, 1);
        Assert.That(values[2], Is.EqualTo(0.3).Within(0.001));
    }

    [Test]
    public void AChipThatIgnoresTheResetIsNotAnIna219()
    {
        using var wrong = new Driver(new RegisterI2cDevice(new RegisterModel(), address: 0x40));
        var e = Assert.Throws<ChipIdentityException>(wrong.Initialize);
        Assert.That(e!.Message, Is.EqualTo("no INA219 at I2C bus 1 address 0x40: configuration after reset reads 0x8000, expected 0x399F"));
    }

    [Test]
    public void ConfiguredThroughTheChipArrayWithNamedChannels()
    {
        var sim = new SimulatedIna219(busId: 1, address: 0x41) { ShuntVolts = 0.01, BusVolts = 24 };
        var buses = new SimulatedBuses();
        buses.I2c[(1, 0x41)] = sim;
        var chips = new[] { new ChipOptions { Kind = ChipKind.Ina219, Address = 0x41, ShuntOhms = 0.1, MaxAmps = 2, Inputs = ["current", "bus"], Names = ["motor_a", "supply_v"] } };
        Assert.That(ChipFactory.Validate(chips, "Source:Chips"), Is.Null);
        using var array = ChipArray.Open(chips, buses);
        Assert.That(array.Channels, Is.EqualTo(new[] { "motor_a", "supply_v" }));
        var frame = new float[2];
        Assert.That(array.ReadFrames(frame, 1), Is.EqualTo(1));
        Assert.That(frame[0], Is.EqualTo(0.1).Within(0.001));
        Assert.That(frame[1], Is.EqualTo(24).Within(0.004));
    }

    [TestCase(0x50, null, null, "Source:Chips:0:Address: INA219 address 0x50 is not in 0x40–0x4F")]
    [TestCase(null, 0.1, 5.0, "Source:Chips:0:MaxAmps: 5 A through 0.1 Ω is 500 mV, beyond the INA219's ±320 mV shunt range")]
    [TestCase(null, 0.0, null, "Source:Chips:0:ShuntOhms: INA219 shunt 0 Ω must be in (0, 100]")]
    public void BadInaConfigNamesTheKey(int? address, double? shunt, double? maxAmps, string expected)
    {
        var chips = new[] { new ChipOptions { Kind = ChipKind.Ina219, Address = address, ShuntOhms = shunt, MaxAmps = maxAmps } };
        Assert.That(ChipFactory.Validate(chips, "Source:Chips"), Is.EqualTo(expected));
    }

    [Test]
    public void ShuntIsOnlyForTheIna219()
    {
        var chips = new[] { new ChipOptions { Kind = ChipKind.Ads1115, ShuntOhms = 0.1 } };
        Assert.That(ChipFactory.Validate(chips, "Source:Chips"), Is.EqualTo("Source:Chips:0:ShuntOhms: only the INA219 has a shunt"));
    }
}
