namespace EdgeAE.Device.Sensors.Buses;

/// <summary>
/// Byte-wide register access to a chip, independent of whether it sits on I2C or SPI. Multi-byte reads
/// rely on the chip auto-incrementing the register address.
/// </summary>
public interface IRegisterBus : IDisposable
{
    /// <summary>Reads <paramref name="destination"/>.Length consecutive registers starting at <paramref name="register"/>.</summary>
    void Read(byte register, Span<byte> destination);

    void Write(byte register, byte value);

    /// <summary>Where the chip is, for messages (e.g. <c>I2C bus 1 address 0x53</c>).</summary>
    string Location { get; }
}
