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
    /// <summary>Real buses without GPIO (ADS1115 ready pins unsupported; the OS bit is polled instead).</summary>
    public static SensorBusFactory Hardware { get; } = new HardwareSensorBusFactory();

    public abstract I2cDevice OpenI2c(int busId, int address);

    public abstract SpiDevice OpenSpi(int busId, int chipSelect, SpiMode mode, int clockHz);

    /// <summary>
    /// A reader for the ADS1115 ALERT/RDY pin named by <see cref="ChipOptions.ReadyPin"/>, returning true when a
    /// conversion is ready; null when no pin is configured (the driver then polls over I2C).
    /// </summary>
    public abstract Func<bool>? OpenConversionReady(ChipOptions chip);
}

/// <summary>
/// The real buses: <c>I2cDevice.Create</c> / <c>SpiDevice.Create</c> on /dev/i2c-N and /dev/spidevN.M. GPIO is
/// not opened here: the daemon owns the GpioController (driver chosen explicitly), so it passes
/// <c>openInput</c>, e.g. <c>pin => { gpio.OpenPin(pin, PinMode.InputPullUp); return () => gpio.Read(pin) == PinValue.Low; }</c>
/// (ALERT/RDY is open-drain, active low).
/// </summary>
public sealed class HardwareSensorBusFactory(Func<int, Func<bool>>? openInput = null) : SensorBusFactory
{
    public override Func<bool>? OpenConversionReady(ChipOptions chip)
    {
        if (chip.ReadyPin is not int pin)
        {
            return null;
        }
        return openInput is null
            ? throw new InvalidOperationException($"ReadyPin {pin} is configured but no GPIO backend was given to read it")
            : openInput(pin);
    }

    public override I2cDevice OpenI2c(int busId, int address) =>
        I2cDevice.Create(new I2cConnectionSettings(busId, address));

    public override SpiDevice OpenSpi(int busId, int chipSelect, SpiMode mode, int clockHz) =>
        SpiDevice.Create(new SpiConnectionSettings(busId, chipSelect) { Mode = mode, ClockFrequency = clockHz });
}
