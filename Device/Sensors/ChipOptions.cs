namespace EdgeAE.Device.Sensors;

/// <summary>
/// One chip as configured (e.g. one entry of a <c>Source:Chips</c> list). Plain settable properties so the
/// configuration binding source generator can fill it; unset optional values mean "the chip's default".
/// <see cref="ChipFactory"/> turns it into a driver and validates every value with the same code.
/// </summary>
public sealed class ChipOptions
{
    /// <summary>Sensor name used in faults and default channel names; default: the kind in lower case (made unique).</summary>
    public string? Name { get; set; }

    public ChipKind Kind { get; set; }

    /// <summary>ADXL345: I2c or Spi; MPU6050 and ADS1115: I2c; MCP3008: Spi.</summary>
    public SensorBus Bus { get; set; } = SensorBus.I2c;

    /// <summary>Linux bus number (/dev/i2c-N, /dev/spidevN.M); default 1 for I2C, 0 for SPI (Raspberry Pi header).</summary>
    public int? BusId { get; set; }

    /// <summary>I2C address; default ADXL345 0x53, MPU6050 0x68, ADS1115 0x48.</summary>
    public int? Address { get; set; }

    /// <summary>SPI chip select (CE0 = 0, CE1 = 1).</summary>
    public int ChipSelect { get; set; }

    /// <summary>SPI clock; default ADXL345 5 MHz, MCP3008 1 MHz.</summary>
    public int? SpiClockHz { get; set; }

    /// <summary>
    /// ADXL345: output data rate (6.25…3200 Hz, powers of two × 3200; ≤ 800 Hz on I2C), default 100.
    /// MPU6050: sample rate = 1 kHz / (1 + divider) (8 kHz with a 260 Hz filter), default 100.
    /// ADS1115: data rate in SPS (8, 16, 32, 64, 128, 250, 475, 860), default 860, shared by the inputs.
    /// MCP3008: nominal poll rate, default 100.
    /// </summary>
    public double? RateHz { get; set; }

    /// <summary>ADXL345 and MPU6050: accelerometer ±g (2, 4, 8, 16; default 16 and 2). ADS1115: ±FSR volts (6.144 … 0.256, default 4.096).</summary>
    public double? Range { get; set; }

    /// <summary>MPU6050 gyroscope ±°/s (250, 500, 1000, 2000; default 250).</summary>
    public double? GyroRange { get; set; }

    /// <summary>MPU6050 low-pass bandwidth in Hz (260, 184, 94, 44, 21, 10, 5); default the widest ≤ rate/2.</summary>
    public double? FilterHz { get; set; }

    /// <summary>
    /// What to read, in channel order. ADXL345: x, y, z (default all). MPU6050: ax, ay, az, gx, gy, gz, temp
    /// (default the six motion channels). ADS1115: A0..A3, A0-A1, A0-A3, A1-A3, A2-A3 (default A0..A3).
    /// MCP3008: 0..7 or pairs 0-1, 1-0, 2-3, … (default 0..7).
    /// </summary>
    public List<string> Inputs { get; set; } = [];

    /// <summary>Channel names, one per input; default <c>{Name}.{input}</c>. They must match the bundle's channel names.</summary>
    public List<string> Names { get; set; } = [];

    /// <summary>MCP3008 reference voltage (the VREF pin), default 3.3.</summary>
    public double Vref { get; set; } = 3.3;

    /// <summary>ADXL345 FIFO stream mode (default on): no sample lost between polls.</summary>
    public bool Fifo { get; set; } = true;

    /// <summary>ADS1115 continuous conversion (exactly one input) instead of single-shot scanning.</summary>
    public bool Continuous { get; set; }

    /// <summary>
    /// ADS1115 single-shot: GPIO line (BCM number) wired to ALERT/RDY, read instead of polling the OS bit over I2C.
    /// Needs a <see cref="SensorBusFactory"/> that can open GPIO inputs (see <see cref="HardwareSensorBusFactory"/>).
    /// </summary>
    public int? ReadyPin { get; set; }

    /// <summary>INA219 shunt resistance in ohms (default 0.1, the Adafruit/Waveshare boards).</summary>
    public double? ShuntOhms { get; set; }

    /// <summary>INA219 largest expected current in amperes (default 3.2): sets the current resolution (max / 32768) and the PGA range.</summary>
    public double? MaxAmps { get; set; }

    /// <summary>MAX31865 RTD nominal resistance at 0 °C: 100 (PT100, the default) or 1000 (PT1000).</summary>
    public double? RtdOhms { get; set; }

    /// <summary>MAX31865 reference resistor in ohms; default 430 for a PT100 and 4300 for a PT1000 (Adafruit boards).</summary>
    public double? ReferenceOhms { get; set; }

    /// <summary>MAX31865 RTD wiring: 2, 3 or 4 wires (default 4; 2 and 4 are configured alike).</summary>
    public int? Wires { get; set; }

    /// <summary>MAX31865/MAX31856 notch filter: the mains frequency, 50 (default) or 60 Hz.</summary>
    public int? MainsHz { get; set; }

    /// <summary>MAX31856 thermocouple type: B, E, J, K (default), N, R, S or T.</summary>
    public string? Thermocouple { get; set; }

    /// <summary>Raise a Stuck fault when every channel of this chip repeats the identical value this many samples in a row; 0 = off.</summary>
    public int StuckSamples { get; set; }
}
