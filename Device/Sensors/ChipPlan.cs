using System.Device.Spi;

namespace EdgeAE.Device.Sensors;

/// <summary>
/// A validated chip configuration: everything <see cref="ChipOptions"/> said, resolved to defaults and
/// driver settings, but no device opened yet. Produced by <see cref="ChipFactory.Plan"/>.
/// </summary>
internal sealed class ChipPlan
{
    public required ChipOptions Options { get; init; }

    public required string Name { get; init; }

    public required int BusId { get; init; }

    public required int Address { get; init; }

    public required SpiMode SpiMode { get; init; }

    public required int SpiClockHz { get; init; }

    /// <summary>Indices into the driver's channels, in output order.</summary>
    public required int[] Select { get; init; }

    public required string[] ChannelNames { get; init; }

    /// <summary>Creates the driver on devices from <c>buses</c> (the I2C or SPI device is opened by the caller's factory).</summary>
    public required Func<SensorBusFactory, ISensorChip> Create { get; init; }

    public string Location => Options.Bus == SensorBus.I2c
        ? $"I2C bus {BusId} address 0x{Address:X2} (/dev/i2c-{BusId})"
        : $"SPI bus {BusId} chip select {Options.ChipSelect} (/dev/spidev{BusId}.{Options.ChipSelect})";
}
