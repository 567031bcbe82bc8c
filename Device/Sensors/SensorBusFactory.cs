using System.Device.I2c;
using System.Device.Spi;

namespace EdgeAE.Device.Sensors;

/// <summary>
/// Opens the bus devices chips sit on. <see cref="Hardware"/> opens Linux /dev/i2c-N and /dev/spidevN.M;
/// tests substitute simulated devices. Failures to open become <see cref="SensorFaultException"/> NotFound
/// at <see cref="ChipArray.Open"/>.
/// </summary>
public abstract class SensorBusFactory
{
    public static SensorBusFactory Hardware { get; } = new HardwareSensorBusFactory();

    public abstract I2cDevice OpenI2c(int busId, int address);

    public abstract SpiDevice OpenSpi(int busId, int chipSelect, SpiMode mode, int clockHz);

    /// <summary>
    /// A reader for an ADS1115 ALERT/RDY pin, or null to poll over I2C (the default; the daemon may override
    /// this to map a chip to a GPIO line).
    /// </summary>
    public virtual Func<bool>? OpenConversionReady(ChipOptions chip) => null;
}

internal sealed class HardwareSensorBusFactory : SensorBusFactory
{
    public override I2cDevice OpenI2c(int busId, int address) =>
        I2cDevice.Create(new I2cConnectionSettings(busId, address));

    public override SpiDevice OpenSpi(int busId, int chipSelect, SpiMode mode, int clockHz) =>
        SpiDevice.Create(new SpiConnectionSettings(busId, chipSelect) { Mode = mode, ClockFrequency = clockHz });
}
