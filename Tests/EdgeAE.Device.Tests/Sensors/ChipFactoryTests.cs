using EdgeAE.Device.Sensors;
using Microsoft.Extensions.Configuration;

namespace EdgeAE.Device.Tests.Sensors;

public class ChipFactoryTests
{
    private static string? Problem(params ChipOptions[] chips) => ChipFactory.Validate(chips, "Source:Chips");

    [Test]
    public void AValidRigHasNoProblemAndDefaultChannelNames()
    {
        ChipOptions[] chips =
        [
            new() { Kind = ChipKind.Adxl345, Bus = SensorBus.Spi, RateHz = 3200, Range = 16 },
            new() { Kind = ChipKind.Mpu6050, RateHz = 200, Inputs = ["ax", "gz", "temp"] },
            new() { Kind = ChipKind.Ads1115, Inputs = ["A0-A1"] },
            new() { Kind = ChipKind.Ads1115, Address = 0x49, Inputs = ["A3"], Range = 6.144, RateHz = 250 },
            new() { Kind = ChipKind.Mcp3008, Bus = SensorBus.Spi, ChipSelect = 1, Inputs = ["7"] },
        ];

        Assert.That(Problem(chips), Is.Null);
        Assert.That(ChipFactory.ChannelNames(chips), Is.EqualTo(new[]
        {
            "adxl345.x", "adxl345.y", "adxl345.z", "mpu6050.ax", "mpu6050.gz", "mpu6050.temp",
            "ads1115_1.a0-a1", "ads1115_2.a3", "mcp3008.ch7",
        }));
    }

    [TestCase(ChipKind.Adxl345, SensorBus.I2c, 1000.0, "Source:Chips:0:RateHz: ADXL345 rate 1000 Hz is not supported; use one of 6.25, 12.5, 25, 50, 100, 200, 400, 800, 1600, 3200")]
    [TestCase(ChipKind.Adxl345, SensorBus.I2c, 3200.0, "Source:Chips:0:RateHz: ADXL345 at 3200 Hz needs SPI (datasheet: 1600 and 3200 Hz only with SPI at 2 MHz or more)")]
    [TestCase(ChipKind.Mpu6050, SensorBus.I2c, 300.0, "Source:Chips:0:RateHz: MPU6050 rate 300 Hz is not 1000 Hz/(1+divider); nearest is 333.333 Hz")]
    [TestCase(ChipKind.Mpu6050, SensorBus.Spi, 100.0, "Source:Chips:0:Bus: the MPU6050 is an I2C chip (the SPI part is the MPU6000)")]
    [TestCase(ChipKind.Ads1115, SensorBus.I2c, 100.0, "Source:Chips:0:RateHz: ADS1115 data rate 100 SPS is not supported; use one of 8, 16, 32, 64, 128, 250, 475, 860")]
    [TestCase(ChipKind.Mcp3008, SensorBus.I2c, 100.0, "Source:Chips:0:Bus: the MCP3008 is an SPI chip")]
    public void ImpossibleRatesAndBusesNameTheKey(ChipKind kind, SensorBus bus, double rate, string expected) =>
        Assert.That(Problem(new ChipOptions { Kind = kind, Bus = bus, RateHz = rate }), Is.EqualTo(expected));

    [Test]
    public void EachBadValueNamesItsKey()
    {
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Adxl345, Range = 3 }), Does.StartWith("Source:Chips:0:Range: ADXL345 range ±3 g"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Adxl345, Address = 0x54 }), Does.StartWith("Source:Chips:0:Address: ADXL345 address 0x54 is not 0x53 or 0x1D"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Adxl345, Inputs = ["x", "w"] }), Does.StartWith("Source:Chips:0:Inputs: 'w' is not one of x, y, z"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Adxl345, GyroRange = 250 }), Does.StartWith("Source:Chips:0:GyroRange:"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Mpu6050, GyroRange = 300 }), Does.StartWith("Source:Chips:0:GyroRange: MPU6050 gyroscope range ±300"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Mpu6050, FilterHz = 50 }), Does.StartWith("Source:Chips:0:FilterHz: MPU6050 filter 50 Hz"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Ads1115, Range = 3.3 }), Does.StartWith("Source:Chips:0:Range: ADS1115 range ±3.3 V"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Ads1115, Address = 0x50 }), Does.StartWith("Source:Chips:0:Address:"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Ads1115, Inputs = ["A1-A2"] }), Does.StartWith("Source:Chips:0:Inputs: ADS1115 input 'A1-A2'"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Ads1115, Continuous = true }), Does.StartWith("Source:Chips:0:Continuous: ADS1115 continuous mode converts one input, but 4"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Mcp3008, Bus = SensorBus.Spi, Vref = 0 }), Does.StartWith("Source:Chips:0:Vref:"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Mcp3008, Bus = SensorBus.Spi, SpiClockHz = 10_000_000 }), Does.StartWith("Source:Chips:0:SpiClockHz:"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Mcp3008, Bus = SensorBus.Spi, Inputs = ["0", "1"], Names = ["only-one"] }),
            Is.EqualTo("Source:Chips:0:Names: 1 channel names for 2 inputs (ch0, ch1)"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Adxl345, StuckSamples = -1 }), Does.StartWith("Source:Chips:0:StuckSamples:"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Mpu6050, ReadyPin = 4 }), Does.StartWith("Source:Chips:0:ReadyPin: only the ADS1115"));
        Assert.That(Problem(new ChipOptions { Kind = ChipKind.Ads1115, Inputs = ["A0"], Continuous = true, ReadyPin = 4 }), Does.StartWith("Source:Chips:0:ReadyPin: in continuous mode"));
        Assert.That(Problem(), Is.EqualTo("Source:Chips:0:Kind: no sensor chip is configured"));
    }

    [Test]
    public void NamesMustBeUniqueAcrossTheArray()
    {
        Assert.That(Problem(
                new ChipOptions { Kind = ChipKind.Ads1115, Inputs = ["A0"], Names = ["flow"] },
                new ChipOptions { Kind = ChipKind.Mcp3008, Bus = SensorBus.Spi, Inputs = ["0"], Names = ["flow"] }),
            Is.EqualTo("Source:Chips:1:Names: channel name 'flow' is used twice"));
        Assert.That(Problem(
                new ChipOptions { Kind = ChipKind.Adxl345, Name = "pump" },
                new ChipOptions { Kind = ChipKind.Mpu6050, Name = "pump" }),
            Is.EqualTo("Source:Chips:1:Name: sensor name 'pump' is used twice"));
    }

    [Test]
    public void OptionsBindFromConfigurationKeys()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chips:0:Kind"] = "Adxl345",
            ["Chips:0:Bus"] = "Spi",
            ["Chips:0:RateHz"] = "1600",
            ["Chips:0:Inputs:0"] = "z",
            ["Chips:0:Names:0"] = "bearing_vib",
            ["Chips:1:Kind"] = "Ads1115",
            ["Chips:1:Address"] = "73",
            ["Chips:1:Range"] = "2.048",
            ["Chips:1:Inputs:0"] = "A0",
            ["Chips:1:Inputs:1"] = "A1",
            ["Chips:1:StuckSamples"] = "500",
        }).Build();
        var chips = new List<ChipOptions>();

        config.GetSection("Chips").Bind(chips);

        Assert.That(chips, Has.Count.EqualTo(2));
        Assert.That((chips[0].Kind, chips[0].Bus, chips[0].RateHz, chips[0].BusId), Is.EqualTo((ChipKind.Adxl345, SensorBus.Spi, (double?)1600, (int?)null)));
        Assert.That(chips[1].Address, Is.EqualTo(0x49));
        Assert.That(chips[1].StuckSamples, Is.EqualTo(500));
        Assert.That(Problem([.. chips]), Is.Null);
        Assert.That(ChipFactory.ChannelNames(chips), Is.EqualTo(new[] { "bearing_vib", "ads1115.a0", "ads1115.a1" }));
    }
}
