using EdgeAE.Device.Sensors.Ads1115;
using EdgeAE.Device.Sensors.Bme280;
using EdgeAE.Device.Sensors.Ina219;
using EdgeAE.Device.Sensors.Mcp3008;
using EdgeAE.Device.Sensors.Mpu6050;
using AdsDriver = EdgeAE.Device.Sensors.Ads1115.Ads1115;
using AdsRate = EdgeAE.Device.Sensors.Ads1115.DataRates;
using AdxlDriver = EdgeAE.Device.Sensors.Adxl345.Adxl345;
using AdxlRange = EdgeAE.Device.Sensors.Adxl345.GravityRange;
using AdxlRate = EdgeAE.Device.Sensors.Adxl345.DataRates;
using AdxlSettings = EdgeAE.Device.Sensors.Adxl345.Adxl345Settings;
using BmeDriver = EdgeAE.Device.Sensors.Bme280.Bme280;
using InaDriver = EdgeAE.Device.Sensors.Ina219.Ina219;
using Max31855Driver = EdgeAE.Device.Sensors.Max31855.Max31855;
using Max31855Settings = EdgeAE.Device.Sensors.Max31855.Max31855Settings;
using Max31856Driver = EdgeAE.Device.Sensors.Max31856.Max31856;
using Max31856Settings = EdgeAE.Device.Sensors.Max31856.Max31856Settings;
using Max31865Driver = EdgeAE.Device.Sensors.Max31865.Max31865;
using Max31865Settings = EdgeAE.Device.Sensors.Max31865.Max31865Settings;
using McpDriver = EdgeAE.Device.Sensors.Mcp3008.Mcp3008;
using MpuDriver = EdgeAE.Device.Sensors.Mpu6050.Mpu6050;
using ThermocoupleTypes = EdgeAE.Device.Sensors.Max31856.ThermocoupleTypes;

namespace EdgeAE.Device.Sensors;

/// <summary>
/// Turns <see cref="ChipOptions"/> into drivers. Validation and creation share this code, so a config that
/// validates is exactly one that opens.
/// </summary>
public static class ChipFactory
{
    private static readonly string[] AdxlChannels = ["x", "y", "z"];
    private static readonly string[] MpuChannels = ["ax", "ay", "az", "gx", "gy", "gz", "temp"];

    /// <summary>
    /// The first problem in <paramref name="chips"/> as one line <c>{section}:{index}:{Key}: {problem}</c>
    /// (the configuration path of the bad value), or null when every chip is valid.
    /// </summary>
    public static string? Validate(IReadOnlyList<ChipOptions> chips, string section)
    {
        try
        {
            Plan(chips);
            return null;
        }
        catch (ChipConfigurationException e)
        {
            return $"{section}:{e.Message}";
        }
    }

    /// <summary>The channel names the chips will produce, in frame order (throws <see cref="ChipConfigurationException"/>).</summary>
    public static IReadOnlyList<string> ChannelNames(IReadOnlyList<ChipOptions> chips) =>
        Plan(chips).SelectMany(p => p.ChannelNames).ToArray();

    internal static ChipPlan[] Plan(IReadOnlyList<ChipOptions> chips, Action<TimeSpan>? sleep = null)
    {
        ArgumentNullException.ThrowIfNull(chips);
        if (chips.Count == 0)
        {
            throw new ChipConfigurationException(0, "Kind", "no sensor chip is configured");
        }
        var plans = new ChipPlan[chips.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        var channels = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < chips.Count; i++)
        {
            ChipOptions o = chips[i] ?? throw new ChipConfigurationException(i, "Kind", "empty chip entry");
            string name = string.IsNullOrWhiteSpace(o.Name) ? DefaultName(chips, i) : o.Name.Trim();
            if (!names.Add(name))
            {
                throw new ChipConfigurationException(i, "Name", $"sensor name '{name}' is used twice");
            }
            plans[i] = PlanOne(o, i, name, sleep);
            foreach (string channel in plans[i].ChannelNames)
            {
                if (!channels.Add(channel))
                {
                    throw new ChipConfigurationException(i, "Names", $"channel name '{channel}' is used twice");
                }
            }
        }
        return plans;
    }

    private static string DefaultName(IReadOnlyList<ChipOptions> chips, int index)
    {
        string kind = chips[index].Kind.ToString().ToLowerInvariant();
        int sameKind = 0, position = 0;
        for (int i = 0; i < chips.Count; i++)
        {
            if (chips[i]?.Kind == chips[index].Kind && string.IsNullOrWhiteSpace(chips[i].Name))
            {
                if (i < index)
                {
                    position++;
                }
                sameKind++;
            }
        }
        return sameKind > 1 ? $"{kind}_{position + 1}" : kind;
    }

    private static ChipPlan PlanOne(ChipOptions o, int i, string name, Action<TimeSpan>? sleep)
    {
        Check(i, "BusId", o.BusId is null or >= 0, "bus number must be 0 or more");
        Check(i, "ChipSelect", o.ChipSelect >= 0, "chip select must be 0 or more");
        Check(i, "StuckSamples", o.StuckSamples >= 0, "must be 0 (off) or more");
        Check(i, "GyroRange", o.GyroRange is null || o.Kind == ChipKind.Mpu6050, "only the MPU6050 has a gyroscope");
        Check(i, "FilterHz", o.FilterHz is null || o.Kind == ChipKind.Mpu6050, "only the MPU6050 has a configurable low-pass filter");
        Check(i, "Continuous", !o.Continuous || o.Kind == ChipKind.Ads1115, "only the ADS1115 has a continuous mode");
        Check(i, "ReadyPin", o.ReadyPin is null || o.Kind == ChipKind.Ads1115, "only the ADS1115 has a conversion-ready pin");
        Check(i, "ReadyPin", o.ReadyPin is null or >= 0, "GPIO line must be 0 or more");
        Check(i, "ShuntOhms", o.ShuntOhms is null || o.Kind == ChipKind.Ina219, "only the INA219 has a shunt");
        Check(i, "MaxAmps", o.MaxAmps is null || o.Kind == ChipKind.Ina219, "only the INA219 measures current");
        Check(i, "RtdOhms", o.RtdOhms is null || o.Kind == ChipKind.Max31865, "only the MAX31865 reads an RTD");
        Check(i, "ReferenceOhms", o.ReferenceOhms is null || o.Kind == ChipKind.Max31865, "only the MAX31865 has a reference resistor");
        Check(i, "Wires", o.Wires is null || o.Kind == ChipKind.Max31865, "only the MAX31865 reads an RTD");
        Check(i, "MainsHz", o.MainsHz is null || o.Kind is ChipKind.Max31865 or ChipKind.Max31856, "only the MAX31865 and MAX31856 have a mains notch filter");
        Check(i, "MainsHz", o.MainsHz is null or 50 or 60, $"mains frequency {o.MainsHz} Hz must be 50 or 60");
        Check(i, "Thermocouple", o.Thermocouple is null || o.Kind == ChipKind.Max31856, "only the MAX31856 has a configurable thermocouple type (the MAX31855's is its part suffix)");
        Check(i, "ReadyPin", o.ReadyPin is null || !o.Continuous, "in continuous mode ALERT/RDY only pulses for 8 µs; poll instead (drop ReadyPin)");
        return o.Kind switch
        {
            ChipKind.Adxl345 => PlanAdxl345(o, i, name),
            ChipKind.Mpu6050 => PlanMpu6050(o, i, name, sleep),
            ChipKind.Ads1115 => PlanAds1115(o, i, name, sleep),
            ChipKind.Mcp3008 => PlanMcp3008(o, i, name),
            ChipKind.Ina219 => PlanIna219(o, i, name),
            ChipKind.Max31865 => PlanMax31865(o, i, name),
            ChipKind.Max31855 => PlanMax31855(o, i, name),
            ChipKind.Max31856 => PlanMax31856(o, i, name, sleep),
            ChipKind.Bme280 => PlanBme280(o, i, name, sleep),
            _ => throw new ChipConfigurationException(i, "Kind", $"unknown chip kind {(int)o.Kind}; use Adxl345, Mpu6050, Ads1115, Mcp3008, Ina219, Max31865, Max31855, Max31856 or Bme280"),
        };
    }

    private static ChipPlan PlanAdxl345(ChipOptions o, int i, string name)
    {
        int address = Address(o, i, AdxlDriver.DefaultI2cAddress, AdxlDriver.DefaultI2cAddress, AdxlDriver.AlternateI2cAddress);
        var rate = Resolve(i, "RateHz", () => AdxlRate.FromHz(o.RateHz ?? 100));
        Check(i, "RateHz", o.Bus == SensorBus.Spi || rate.ToHzAdxl() <= 800,
            $"ADXL345 at {rate.ToHzAdxl()} Hz needs SPI (datasheet: 1600 and 3200 Hz only with SPI at 2 MHz or more)");
        AdxlRange range = (o.Range ?? 16) switch
        {
            2 => AdxlRange.Range2G,
            4 => AdxlRange.Range4G,
            8 => AdxlRange.Range8G,
            16 => AdxlRange.Range16G,
            _ => throw new ChipConfigurationException(i, "Range", $"ADXL345 range ±{o.Range} g is not supported; use 2, 4, 8 or 16"),
        };
        int clock = SpiClock(o, i, AdxlDriver.MaxSpiClockHz, AdxlDriver.MaxSpiClockHz);
        Check(i, "SpiClockHz", o.Bus == SensorBus.I2c || rate.ToHzAdxl() < 1600 || clock >= 2_000_000,
            "ADXL345 at 1600/3200 Hz needs an SPI clock of 2 MHz or more");
        var settings = new AdxlSettings { Rate = rate, Range = range, UseFifo = o.Fifo };
        int[] select = Select(o, i, AdxlChannels, AdxlChannels);
        return new ChipPlan
        {
            Options = o,
            Name = name,
            BusId = BusId(o),
            Address = address,
            SpiMode = AdxlDriver.SpiModeRequired,
            SpiClockHz = clock,
            Select = select,
            ChannelNames = Names(o, i, name, select.Select(s => AdxlChannels[s]).ToArray()),
            Create = o.Bus == SensorBus.I2c
                ? buses => new AdxlDriver(buses.OpenI2c(BusId(o), address), settings)
                : buses => new AdxlDriver(buses.OpenSpi(BusId(o), o.ChipSelect, AdxlDriver.SpiModeRequired, clock), settings),
        };
    }

    private static ChipPlan PlanMpu6050(ChipOptions o, int i, string name, Action<TimeSpan>? sleep)
    {
        Check(i, "Bus", o.Bus == SensorBus.I2c, "the MPU6050 is an I2C chip (the SPI part is the MPU6000)");
        int address = Address(o, i, MpuDriver.DefaultI2cAddress, MpuDriver.DefaultI2cAddress, MpuDriver.AlternateI2cAddress);
        double rateHz = o.RateHz ?? 100;
        Check(i, "RateHz", rateHz > 0, "MPU6050 rate must be positive");
        LowPassFilter filter = o.FilterHz is double f
            ? Resolve(i, "FilterHz", () => LowPassFilters.FromBandwidthHz(f))
            : LowPassFilters.ForSampleRate(rateHz);
        byte divider = Resolve(i, "RateHz", () => Mpu6050Settings.DividerFor(rateHz, filter));
        AccelerometerRange accel = (o.Range ?? 2) switch
        {
            2 => AccelerometerRange.Range2G,
            4 => AccelerometerRange.Range4G,
            8 => AccelerometerRange.Range8G,
            16 => AccelerometerRange.Range16G,
            _ => throw new ChipConfigurationException(i, "Range", $"MPU6050 range ±{o.Range} g is not supported; use 2, 4, 8 or 16"),
        };
        GyroscopeRange gyro = (o.GyroRange ?? 250) switch
        {
            250 => GyroscopeRange.Range250Dps,
            500 => GyroscopeRange.Range500Dps,
            1000 => GyroscopeRange.Range1000Dps,
            2000 => GyroscopeRange.Range2000Dps,
            _ => throw new ChipConfigurationException(i, "GyroRange", $"MPU6050 gyroscope range ±{o.GyroRange} °/s is not supported; use 250, 500, 1000 or 2000"),
        };
        var settings = new Mpu6050Settings { AccelerometerRange = accel, GyroscopeRange = gyro, Filter = filter, SampleRateDivider = divider };
        int[] select = Select(o, i, MpuChannels, MpuChannels[..6]);
        return new ChipPlan
        {
            Options = o,
            Name = name,
            BusId = BusId(o),
            Address = address,
            SpiMode = default,
            SpiClockHz = 0,
            Select = select,
            ChannelNames = Names(o, i, name, select.Select(s => MpuChannels[s]).ToArray()),
            Create = buses => new MpuDriver(buses.OpenI2c(BusId(o), address), settings, sleep),
        };
    }

    private static ChipPlan PlanAds1115(ChipOptions o, int i, string name, Action<TimeSpan>? sleep)
    {
        Check(i, "Bus", o.Bus == SensorBus.I2c, "the ADS1115 is an I2C chip");
        int address = o.Address ?? AdsDriver.DefaultI2cAddress;
        Check(i, "Address", address is >= AdsDriver.MinI2cAddress and <= AdsDriver.MaxI2cAddress,
            $"ADS1115 address 0x{address:X2} is not one of 0x48, 0x49, 0x4A, 0x4B");
        var rate = Resolve(i, "RateHz", () => AdsRate.FromHz(o.RateHz ?? 860));
        MeasuringRange range = Resolve(i, "Range", () => MeasuringRanges.FromVolts(o.Range ?? 4.096));
        InputMultiplexer[] inputs = o.Inputs.Count == 0
            ? InputMultiplexers.SingleEnded
            : Resolve(i, "Inputs", () => o.Inputs.Select(InputMultiplexers.Parse).ToArray());
        CheckDistinct(i, inputs);
        Check(i, "Continuous", !o.Continuous || inputs.Length == 1,
            $"ADS1115 continuous mode converts one input, but {inputs.Length} are configured");
        var settings = new Ads1115Settings
        {
            Inputs = inputs,
            Range = range,
            Rate = rate,
            Mode = o.Continuous ? DeviceMode.Continuous : DeviceMode.SingleShot,
        };
        int[] select = Enumerable.Range(0, inputs.Length).ToArray();
        return new ChipPlan
        {
            Options = o,
            Name = name,
            BusId = BusId(o),
            Address = address,
            SpiMode = default,
            SpiClockHz = 0,
            Select = select,
            ChannelNames = Names(o, i, name, inputs.Select(m => m.Name()).ToArray()),
            Create = buses => new AdsDriver(buses.OpenI2c(BusId(o), address), settings, buses.OpenConversionReady(o), sleep),
        };
    }

    private static ChipPlan PlanMcp3008(ChipOptions o, int i, string name)
    {
        Check(i, "Bus", o.Bus == SensorBus.Spi, "the MCP3008 is an SPI chip");
        Check(i, "Address", o.Address is null, "SPI chips have no address; use ChipSelect");
        Check(i, "Vref", o.Vref is > 0 and <= 5.5, $"MCP3008 Vref {o.Vref} V must be in (0, 5.5]");
        double rateHz = o.RateHz ?? 100;
        Check(i, "RateHz", rateHz > 0, "MCP3008 poll rate must be positive");
        int clock = SpiClock(o, i, McpDriver.DefaultSpiClockHz, 3_600_000);
        Mcp3008Input[] inputs = o.Inputs.Count == 0
            ? Enumerable.Range(0, 8).Select(Mcp3008Input.Single).ToArray()
            : Resolve(i, "Inputs", () => o.Inputs.Select(Mcp3008Input.Parse).ToArray());
        CheckDistinct(i, inputs);
        var settings = new Mcp3008Settings { Inputs = inputs, ReferenceVolts = o.Vref, RateHz = rateHz };
        return new ChipPlan
        {
            Options = o,
            Name = name,
            BusId = BusId(o),
            Address = 0,
            SpiMode = McpDriver.SpiModeRequired,
            SpiClockHz = clock,
            Select = Enumerable.Range(0, inputs.Length).ToArray(),
            ChannelNames = Names(o, i, name, inputs.Select(m => m.Name).ToArray()),
            Create = buses => new McpDriver(buses.OpenSpi(BusId(o), o.ChipSelect, McpDriver.SpiModeRequired, clock), settings),
        };
    }

    private static ChipPlan PlanIna219(ChipOptions o, int i, string name)
    {
        Check(i, "Bus", o.Bus == SensorBus.I2c, "the INA219 is an I2C chip");
        int address = o.Address ?? InaDriver.DefaultI2cAddress;
        Check(i, "Address", address is >= InaDriver.MinI2cAddress and <= InaDriver.MaxI2cAddress,
            $"INA219 address 0x{address:X2} is not in 0x40–0x4F");
        double shunt = o.ShuntOhms ?? 0.1, maxAmps = o.MaxAmps ?? 3.2, rateHz = o.RateHz ?? 100;
        Check(i, "ShuntOhms", shunt is > 0 and <= 100, $"INA219 shunt {shunt} Ω must be in (0, 100]");
        Check(i, "MaxAmps", maxAmps > 0, "INA219 maximum current must be positive");
        Check(i, "MaxAmps", maxAmps * shunt <= 0.32, $"{maxAmps} A through {shunt} Ω is {maxAmps * shunt * 1000:0.#} mV, beyond the INA219's ±320 mV shunt range");
        Check(i, "RateHz", rateHz is > 0 and <= 400, "INA219 poll rate must be in (0, 400] Hz (one read is four conversions' registers)");
        var settings = new Ina219Settings { ShuntOhms = shunt, MaxAmps = maxAmps, RateHz = rateHz };
        string[] all = ["bus", "shunt", "current", "power"];
        return SelectPlan(o, i, name, all, all, address, default, 0, buses => new InaDriver(buses.OpenI2c(BusId(o), address), settings));
    }

    private static ChipPlan PlanMax31865(ChipOptions o, int i, string name)
    {
        Check(i, "Bus", o.Bus == SensorBus.Spi, "the MAX31865 is an SPI chip");
        Check(i, "Address", o.Address is null, "SPI chips have no address; use ChipSelect");
        double rtd = o.RtdOhms ?? 100, reference = o.ReferenceOhms ?? 4.3 * rtd;
        int mains = o.MainsHz ?? 50;
        Check(i, "RtdOhms", rtd is 100 or 1000, $"RTD {rtd} Ω is not a PT100 (100) or PT1000 (1000)");
        Check(i, "ReferenceOhms", reference > rtd && reference <= 10 * rtd, $"reference {reference} Ω must be above the RTD's {rtd} Ω and at most 10× it (the ADC reads R_RTD / R_REF)");
        Check(i, "Wires", o.Wires is null or 2 or 3 or 4, $"{o.Wires} wires: an RTD has 2, 3 or 4");
        double rateHz = o.RateHz ?? 10;
        Check(i, "RateHz", rateHz > 0 && rateHz <= mains, $"MAX31865 poll rate must be in (0, {mains}] Hz (one conversion per {1000.0 / mains:0.#} ms with the {mains} Hz filter)");
        int clock = SpiClock(o, i, 1_000_000, Max31865Driver.MaxSpiClockHz);
        var settings = new Max31865Settings { RtdOhms = rtd, ReferenceOhms = reference, Wires = o.Wires ?? 4, MainsHz = mains, RateHz = rateHz };
        string[] all = ["temp", "resistance"];
        return SelectPlan(o, i, name, all, ["temp"], 0, Max31865Driver.SpiModeRequired, clock,
            buses => new Max31865Driver(buses.OpenSpi(BusId(o), o.ChipSelect, Max31865Driver.SpiModeRequired, clock), settings));
    }

    private static ChipPlan PlanMax31855(ChipOptions o, int i, string name)
    {
        Check(i, "Bus", o.Bus == SensorBus.Spi, "the MAX31855 is an SPI chip");
        Check(i, "Address", o.Address is null, "SPI chips have no address; use ChipSelect");
        double rateHz = o.RateHz ?? 10;
        Check(i, "RateHz", rateHz is > 0 and <= 10, "MAX31855 poll rate must be in (0, 10] Hz (a conversion takes up to 100 ms)");
        int clock = SpiClock(o, i, 1_000_000, Max31855Driver.MaxSpiClockHz);
        var settings = new Max31855Settings { RateHz = rateHz };
        string[] all = ["temp", "internal"];
        return SelectPlan(o, i, name, all, ["temp"], 0, Max31855Driver.SpiModeRequired, clock,
            buses => new Max31855Driver(buses.OpenSpi(BusId(o), o.ChipSelect, Max31855Driver.SpiModeRequired, clock), settings));
    }

    private static ChipPlan PlanMax31856(ChipOptions o, int i, string name, Action<TimeSpan>? sleep)
    {
        Check(i, "Bus", o.Bus == SensorBus.Spi, "the MAX31856 is an SPI chip");
        Check(i, "Address", o.Address is null, "SPI chips have no address; use ChipSelect");
        var type = Resolve(i, "Thermocouple", () => ThermocoupleTypes.Parse(o.Thermocouple ?? "K"));
        double rateHz = o.RateHz ?? 10;
        Check(i, "RateHz", rateHz is > 0 and <= 10, "MAX31856 poll rate must be in (0, 10] Hz (auto conversions every ~100 ms)");
        int clock = SpiClock(o, i, 1_000_000, Max31856Driver.MaxSpiClockHz);
        var settings = new Max31856Settings { Type = type, MainsHz = o.MainsHz ?? 50, RateHz = rateHz };
        string[] all = ["temp", "internal"];
        return SelectPlan(o, i, name, all, ["temp"], 0, Max31856Driver.SpiModeRequired, clock,
            buses => new Max31856Driver(buses.OpenSpi(BusId(o), o.ChipSelect, Max31856Driver.SpiModeRequired, clock), settings, sleep));
    }

    private static ChipPlan PlanBme280(ChipOptions o, int i, string name, Action<TimeSpan>? sleep)
    {
        Check(i, "Bus", o.Bus == SensorBus.I2c, "EdgeAE drives the BME280 on I2C");
        int address = Address(o, i, BmeDriver.DefaultI2cAddress, BmeDriver.DefaultI2cAddress, BmeDriver.AlternateI2cAddress);
        double rateHz = o.RateHz ?? 10;
        Check(i, "RateHz", rateHz is > 0 and <= 100, "BME280 poll rate must be in (0, 100] Hz (one normal-mode cycle ≤ 9.8 ms)");
        var settings = new Bme280Settings { RateHz = rateHz };
        string[] all = ["temp", "pressure", "humidity"];
        return SelectPlan(o, i, name, all, all, address, default, 0, buses => new BmeDriver(buses.OpenI2c(BusId(o), address), settings, sleep));
    }

    /// <summary>The plan of a chip whose channels are picked by name from <paramref name="all"/> (Inputs, default <paramref name="defaults"/>).</summary>
    private static ChipPlan SelectPlan(ChipOptions o, int i, string name, string[] all, string[] defaults, int address, System.Device.Spi.SpiMode mode, int clock, Func<SensorBusFactory, ISensorChip> create)
    {
        int[] select = Select(o, i, all, defaults);
        return new ChipPlan
        {
            Options = o,
            Name = name,
            BusId = BusId(o),
            Address = address,
            SpiMode = mode,
            SpiClockHz = clock,
            Select = select,
            ChannelNames = Names(o, i, name, select.Select(s => all[s]).ToArray()),
            Create = create,
        };
    }

    private static double ToHzAdxl(this EdgeAE.Device.Sensors.Adxl345.DataRate rate) => AdxlRate.ToHz(rate);

    private static int BusId(ChipOptions o) => o.BusId ?? (o.Bus == SensorBus.I2c ? 1 : 0);

    private static int Address(ChipOptions o, int i, int fallback, int first, int second)
    {
        if (o.Bus == SensorBus.Spi)
        {
            Check(i, "Address", o.Address is null, "SPI chips have no address; use ChipSelect");
            return 0;
        }
        int address = o.Address ?? fallback;
        Check(i, "Address", address == first || address == second,
            $"{o.Kind.ToString().ToUpperInvariant()} address 0x{address:X2} is not 0x{first:X2} or 0x{second:X2}");
        return address;
    }

    private static int SpiClock(ChipOptions o, int i, int fallback, int max)
    {
        if (o.Bus == SensorBus.I2c)
        {
            Check(i, "SpiClockHz", o.SpiClockHz is null, "SpiClockHz applies to SPI chips only");
            return 0;
        }
        int clock = o.SpiClockHz ?? fallback;
        Check(i, "SpiClockHz", clock is > 0 && clock <= max, $"SPI clock {clock} Hz must be in 1..{max} for the {o.Kind.ToString().ToUpperInvariant()}");
        return clock;
    }

    private static int[] Select(ChipOptions o, int i, string[] available, string[] defaults)
    {
        IEnumerable<string> wanted = o.Inputs.Count == 0 ? defaults : o.Inputs;
        var select = new List<int>();
        foreach (string input in wanted)
        {
            int index = Array.IndexOf(available, input.Trim().ToLowerInvariant());
            Check(i, "Inputs", index >= 0, $"'{input}' is not one of {string.Join(", ", available)}");
            Check(i, "Inputs", !select.Contains(index), $"'{input}' is listed twice");
            select.Add(index);
        }
        return [.. select];
    }

    private static void CheckDistinct<T>(int i, T[] inputs)
    {
        Check(i, "Inputs", inputs.Distinct().Count() == inputs.Length, "an input is listed twice");
    }

    private static string[] Names(ChipOptions o, int i, string name, string[] inputs)
    {
        if (o.Names.Count == 0)
        {
            return inputs.Select(input => $"{name}.{input}").ToArray();
        }
        Check(i, "Names", o.Names.Count == inputs.Length,
            $"{o.Names.Count} channel names for {inputs.Length} inputs ({string.Join(", ", inputs)})");
        Check(i, "Names", o.Names.All(n => !string.IsNullOrWhiteSpace(n)), "a channel name is empty");
        return o.Names.Select(n => n.Trim()).ToArray();
    }

    private static T Resolve<T>(int i, string key, Func<T> resolve)
    {
        try
        {
            return resolve();
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // Drop the framework's " (Parameter 'x') Actual value was …" tail: the key already names the value.
            int tail = e.Message.IndexOf(" (Parameter", StringComparison.Ordinal);
            string message = tail >= 0 ? e.Message[..tail] : e.Message;
            throw new ChipConfigurationException(i, key, message);
        }
    }

    private static void Check(int i, string key, bool ok, string problem)
    {
        if (!ok)
        {
            throw new ChipConfigurationException(i, key, problem);
        }
    }
}
