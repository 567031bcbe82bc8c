using System.Device.I2c;
using System.Device.Spi;
using EdgeAE.Device.Sensors;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>A <see cref="SensorBusFactory"/> handing out simulated devices by bus/address or bus/chip-select.</summary>
public sealed class SimulatedBuses : SensorBusFactory
{
    public Dictionary<(int Bus, int Address), I2cDevice> I2c { get; } = [];

    public Dictionary<(int Bus, int ChipSelect), SpiDevice> Spi { get; } = [];

    /// <summary>SPI settings each open asked for.</summary>
    public List<(int Bus, int ChipSelect, SpiMode Mode, int ClockHz)> SpiOpens { get; } = [];

    public Func<bool>? ReadyPin { get; set; }

    public override I2cDevice OpenI2c(int busId, int address) =>
        I2c.TryGetValue((busId, address), out I2cDevice? device)
            ? device
            : throw new IOException($"Error 2 initializing the I2C bus {busId}");

    public override SpiDevice OpenSpi(int busId, int chipSelect, SpiMode mode, int clockHz)
    {
        SpiOpens.Add((busId, chipSelect, mode, clockHz));
        return Spi.TryGetValue((busId, chipSelect), out SpiDevice? device)
            ? device
            : throw new IOException($"/dev/spidev{busId}.{chipSelect} does not exist");
    }

    public override Func<bool>? OpenConversionReady(ChipOptions chip) => ReadyPin;
}
