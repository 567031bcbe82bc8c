using System.Device.Spi;
using EdgeAE.Device.Sensors;
using EdgeAE.Device.Tests.Sensors.Simulation;

namespace EdgeAE.Device.Tests.Sensors;

public class ChipArrayTests
{
    private static ChipOptions AdxlSpi => new() { Kind = ChipKind.Adxl345, Bus = SensorBus.Spi, ChipSelect = 0, RateHz = 3200 };

    private static ChipOptions McpTwoInputs => new()
    {
        Kind = ChipKind.Mcp3008,
        Bus = SensorBus.Spi,
        ChipSelect = 1,
        Inputs = ["0", "1"],
        Names = ["pressure", "current"],
        Vref = 3.3,
    };

    private sealed class Rig
    {
        public Adxl345Model Adxl { get; } = new();
        public RegisterSpiDevice AdxlSpi { get; }
        public SimulatedMcp3008 Mcp { get; } = new();
        public SimulatedBuses Buses { get; } = new();
        public SleepRecorder Sleeps { get; } = new();
        public ManualTime Time { get; } = new();

        public Rig()
        {
            AdxlSpi = new RegisterSpiDevice(Adxl);
            Buses.Spi[(0, 0)] = AdxlSpi;
            Buses.Spi[(0, 1)] = Mcp;
        }

        public ChipArray Open(params ChipOptions[] chips) => ChipArray.Open(chips, Buses, null, Sleeps.Sleep, Time);
    }

    [Test]
    public void TwoChipsFormOneFrameWithTheFIFOChipSettingTheFrameCount()
    {
        var rig = new Rig();
        using var array = rig.Open(AdxlSpi, McpTwoInputs);
        rig.Mcp.Codes[0b1000] = 512;
        rig.Mcp.Codes[0b1001] = 256;
        for (short i = 0; i < 10; i++)
        {
            rig.Adxl.Produce(i, (short)(2 * i), -1);
        }
        var frames = new float[64 * 5];

        int n = array.ReadFrames(frames, 64);

        Assert.That(array.Channels, Is.EqualTo(new[] { "adxl345.x", "adxl345.y", "adxl345.z", "pressure", "current" }));
        Assert.That(rig.Buses.SpiOpens, Is.EqualTo(new[] { (0, 0, SpiMode.Mode3, 5_000_000), (0, 1, SpiMode.Mode0, 1_000_000) }));
        Assert.That(n, Is.EqualTo(10), "every queued accelerometer sample becomes a frame");
        for (int f = 0; f < n; f++)
        {
            Assert.That(frames[f * 5], Is.EqualTo(f * 0.0039f).Within(1e-6f));
            Assert.That(frames[f * 5 + 1], Is.EqualTo(2 * f * 0.0039f).Within(1e-6f));
            Assert.That(frames[f * 5 + 2], Is.EqualTo(-0.0039f).Within(1e-6f));
            Assert.That(frames[f * 5 + 3], Is.EqualTo(1.65f).Within(1e-6f), "slower chip held across the frames");
            Assert.That(frames[f * 5 + 4], Is.EqualTo(0.825f).Within(1e-6f));
        }
        Assert.That(array.RateHz, Is.EqualTo(3200));
    }

    [Test]
    public void AChipWithNothingNewRepeatsItsLastSample()
    {
        var rig = new Rig();
        using var array = rig.Open(AdxlSpi, McpTwoInputs);
        rig.Adxl.Produce(7, 8, 9);
        var frames = new float[8 * 5];
        array.ReadFrames(frames, 8);
        rig.Mcp.Codes[0b1000] = 1000;

        int n = array.ReadFrames(frames, 8);

        Assert.That(n, Is.EqualTo(1));
        Assert.That(frames[..5], Is.EqualTo(new[] { 7 * 0.0039f, 8 * 0.0039f, 9 * 0.0039f, 1000 * 3.3f / 1024, 0f }).Within(1e-6f));
    }

    [Test]
    public void FewerSamplesAreSpreadOverTheFramesAndFramesWaitForEveryChip()
    {
        var fast = new ScriptedChip(["v"], 800);
        var slow = new ScriptedChip(["v"], 200);
        using var array = new ChipArray([new ChipArrayMember("fast", fast), new ChipArrayMember("slow", slow)], sleep: _ => { }, time: new ManualTime());
        fast.Add(-1, -2);
        fast.Add(0, 1, 2, 3, 4, 5, 6, 7);
        slow.Batches.Enqueue([]);
        slow.Add(100, 101);
        var frames = new float[16 * 2];

        int unprimed = array.ReadFrames(frames, 16);
        int n = array.ReadFrames(frames, 16);

        Assert.That(unprimed, Is.Zero, "the slow chip has no sample yet");
        Assert.That(n, Is.EqualTo(8));
        Assert.That(Enumerable.Range(0, 8).Select(f => frames[f * 2]), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }));
        Assert.That(Enumerable.Range(0, 8).Select(f => frames[f * 2 + 1]), Is.EqualTo(new float[] { 100, 100, 100, 100, 101, 101, 101, 101 }));
        Assert.That(array.Channels, Is.EqualTo(new[] { "fast.v", "slow.v" }));
    }

    [Test]
    public void FramesNeverExceedMaxFramesOrTheDestination()
    {
        var rig = new Rig();
        using var array = rig.Open(AdxlSpi, McpTwoInputs);
        for (short i = 0; i < 20; i++)
        {
            rig.Adxl.Produce(i, 0, 0);
        }
        var frames = new float[6 * 5 + 3];

        int first = array.ReadFrames(frames, 100);
        int second = array.ReadFrames(frames, 4);

        Assert.That((first, second), Is.EqualTo((6, 4)));
        Assert.That(frames[0], Is.EqualTo(6 * 0.0039f).Within(1e-6f), "the rest stayed queued in the chip FIFO");
        Assert.That(rig.Adxl.Queued, Is.EqualTo(10));
    }

    [Test]
    public void TransientBusErrorsAreRetriedWithBackoffThenSucceed()
    {
        var rig = new Rig();
        using var array = rig.Open(AdxlSpi, McpTwoInputs);
        var reported = new List<(string, int)>();
        array.TransientError = (sensor, attempt, _) => reported.Add((sensor, attempt));
        rig.Adxl.Produce(1, 1, 1);
        rig.AdxlSpi.Faults.FailNext(2);

        int n = array.ReadFrames(new float[5 * 4], 4);

        Assert.That(n, Is.EqualTo(1));
        Assert.That(rig.Sleeps.Waits, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(4) }));
        Assert.That(reported, Is.EqualTo(new[] { ("adxl345", 1), ("adxl345", 2) }));
        Assert.That(array.Members[0].TransientErrors, Is.EqualTo(2));
        Assert.That(array.Members[0].Faults, Is.Zero);
    }

    [Test]
    public void ABusThatStaysDownBecomesADownFaultAndRecoversAfterReinitialising()
    {
        var rig = new Rig();
        using var array = rig.Open(AdxlSpi, McpTwoInputs);
        rig.AdxlSpi.Faults.Down = true;
        var frames = new float[5 * 8];

        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(frames, 8));

        Assert.That(fault!.Sensor, Is.EqualTo("adxl345"));
        Assert.That(fault.Kind, Is.EqualTo(SensorFaultKind.Down));
        Assert.That(fault.Message, Does.StartWith("sensor 'adxl345' is down: Error 121").And.Contains("(4 attempts)"));
        Assert.That(fault.InnerException, Is.InstanceOf<IOException>());
        Assert.That(rig.Sleeps.Waits, Is.EqualTo(new[] { 2, 4, 8 }.Select(ms => TimeSpan.FromMilliseconds(ms))), "bounded backoff");

        // The sensor browns out and comes back in standby; the array re-initialises it on the next poll.
        rig.AdxlSpi.Faults.Down = false;
        rig.Adxl.Registers[0x2D] = 0x00;
        int writesBefore = rig.Adxl.Writes.Count;
        Assert.That(array.ReadFrames(frames, 8), Is.Zero, "re-initialised; nothing measured yet");
        rig.Adxl.Produce(5, 5, 5);
        int n = array.ReadFrames(frames, 8);

        Assert.That(rig.Adxl.Writes.Count - writesBefore, Is.EqualTo(7), "init sequence written again");
        Assert.That(n, Is.EqualTo(1));
        Assert.That(frames[0], Is.EqualTo(5 * 0.0039f).Within(1e-6f));
        Assert.That(array.Members[0].Faults, Is.EqualTo(1));
    }

    [Test]
    public void AChipThatGoesSilentWithoutErrorsIsDownAndReinitialised()
    {
        var rig = new Rig();
        using var array = rig.Open(new ChipOptions { Kind = ChipKind.Adxl345, Bus = SensorBus.Spi, RateHz = 100 });
        var frames = new float[3 * 8];
        rig.Adxl.Produce(1, 1, 1);
        Assert.That(array.ReadFrames(frames, 8), Is.EqualTo(1));

        rig.Adxl.Registers[0x2D] = 0x00; // brown-out: back in standby, the FIFO stays empty, no bus error
        rig.Time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.That(array.ReadFrames(frames, 8), Is.Zero, "silence shorter than 1 s is tolerated");
        rig.Time.Advance(TimeSpan.FromMilliseconds(200));
        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(frames, 8));
        int writesBefore = rig.Adxl.Writes.Count;
        array.ReadFrames(frames, 8);
        rig.Adxl.Produce(2, 2, 2);

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.Down));
        Assert.That(fault.Message, Is.EqualTo("sensor 'adxl345' is down: no new sample for 1100 ms (expected every 10 ms)"));
        Assert.That(rig.Adxl.Writes.Count - writesBefore, Is.EqualTo(7), "re-initialised on the next poll");
        Assert.That(array.ReadFrames(frames, 8), Is.EqualTo(1));
    }

    [Test]
    public void WrongChipAtOpenIsNotFoundAndAlreadyOpenedDevicesAreReleased()
    {
        var mpu = new Mpu6050Model(whoAmI: 0x98);
        var adxl = new RegisterI2cDevice(new Adxl345Model(), 1, 0x53);
        var buses = new SimulatedBuses();
        buses.I2c[(1, 0x53)] = adxl;
        buses.I2c[(1, 0x68)] = new RegisterI2cDevice(mpu, 1, 0x68);
        var sleeps = new SleepRecorder();

        var fault = Assert.Throws<SensorFaultException>(() => ChipArray.Open(
            [new ChipOptions { Kind = ChipKind.Adxl345 }, new ChipOptions { Kind = ChipKind.Mpu6050, Name = "imu" }], buses, null, sleeps.Sleep));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.NotFound));
        Assert.That(fault.Sensor, Is.EqualTo("imu"));
        Assert.That(fault.Message, Is.EqualTo("sensor 'imu' not found: no MPU6050 at I2C bus 1 address 0x68: WHO_AM_I reads 0x98, expected 0x68 (4 attempts)"));
        Assert.That(adxl.Disposed, Is.True);
    }

    [Test]
    public void AMissingBusIsNotFoundWithTheFix()
    {
        var fault = Assert.Throws<SensorFaultException>(() => ChipArray.Open(
            [new ChipOptions { Kind = ChipKind.Ads1115, BusId = 3 }], new SimulatedBuses(), null, _ => { }));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.NotFound));
        Assert.That(fault.Message, Does.Contain("cannot open I2C bus 3 address 0x48 (/dev/i2c-3)").And.Contains("group i2c"));
    }

    [Test]
    public void ASilentI2CAddressAtOpenIsNotFound()
    {
        var device = new RegisterI2cDevice(new Adxl345Model(), 1, 0x1D);
        device.Faults.Down = true;
        var buses = new SimulatedBuses();
        buses.I2c[(1, 0x1D)] = device;

        var fault = Assert.Throws<SensorFaultException>(() => ChipArray.Open(
            [new ChipOptions { Kind = ChipKind.Adxl345, Address = 0x1D }], buses, null, _ => { }));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.NotFound));
        Assert.That(fault.Message, Is.EqualTo("sensor 'adxl345' not found: Error 121 performing I2C data transfer (Remote I/O error) at I2C bus 1 address 0x1D (/dev/i2c-1); "
            + "check the wiring and address, enable I2C (raspi-config, dtparam=i2c_arm=on) and add the user to group i2c (4 attempts)"));
        Assert.That(device.Faults.Failures, Is.EqualTo(4));
    }

    [Test]
    public void ADS1115ReadyPinFromOptionsReplacesI2CPolling()
    {
        var ads = new SimulatedAds1115 { BusyPolls = 2 };
        ads.Inputs[(int)EdgeAE.Device.Sensors.Ads1115.InputMultiplexer.AIN0] = 8000;
        var buses = new SimulatedBuses { ReadyPin = ads.PollPin };
        buses.I2c[(1, 0x48)] = ads;
        using var array = ChipArray.Open([new ChipOptions { Kind = ChipKind.Ads1115, Inputs = ["A0"], ReadyPin = 17 }], buses, null, _ => { }, new ManualTime());
        var frame = new float[1];

        int n = array.ReadFrames(frame, 1);

        Assert.That(n, Is.EqualTo(1));
        Assert.That(frame[0], Is.EqualTo(8000 * 4.096f / 32768).Within(1e-6f));
        Assert.That(buses.ReadyPins, Is.EqualTo(new[] { 17 }));
        Assert.That(ads.ConfigReads, Is.Zero);
    }

    [Test]
    public void AReadyPinWithoutAGPIOBackendIsNotFoundAtOpen()
    {
        var buses = new SimulatedBuses();
        buses.I2c[(1, 0x48)] = new SimulatedAds1115();

        var fault = Assert.Throws<SensorFaultException>(() => ChipArray.Open([new ChipOptions { Kind = ChipKind.Ads1115, ReadyPin = 4 }], buses, null, _ => { }));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.NotFound));
        Assert.That(fault.Message, Does.Contain("ReadyPin 4 is configured but no GPIO backend"));
    }

    [Test]
    public void IdenticalSamplesForStuckSamplesInARowRaiseStuckUntilTheValuesMove()
    {
        var rig = new Rig();
        ChipOptions mcp = McpTwoInputs;
        mcp.StuckSamples = 3;
        using var array = rig.Open(mcp);
        rig.Mcp.Codes[0b1000] = 300;
        var frames = new float[2];

        array.ReadFrames(frames, 1);
        array.ReadFrames(frames, 1);
        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(frames, 1));
        rig.Mcp.Codes[0b1001] = 1;
        int n = array.ReadFrames(frames, 1);

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.Stuck));
        Assert.That(fault.Sensor, Is.EqualTo("mcp3008"));
        Assert.That(n, Is.EqualTo(1));
    }

    [Test]
    public void NonFiniteValuesAreBadData()
    {
        var chip = new ScriptedChip(["t"]);
        using var array = new ChipArray([new ChipArrayMember("probe", chip)], sleep: _ => { }, time: new ManualTime());
        chip.Add(1f, float.NaN);

        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(new float[4], 4));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.BadData));
        Assert.That(fault.Message, Does.Contain("probe.t read NaN"));
    }

    [Test]
    public void ProtocolGarbageThatPersistsIsBadData()
    {
        var rig = new Rig();
        using var array = rig.Open(McpTwoInputs);
        rig.Mcp.MisoHigh = true;

        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(new float[2], 1));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.BadData));
        Assert.That(fault.Message, Does.Contain("null bit"));
    }

    [Test]
    public void SteadyStateReadsAllocateNothing()
    {
        var rig = new Rig();
        using var array = rig.Open(AdxlSpi, McpTwoInputs);
        rig.Adxl.RecordReads = false;
        rig.AdxlSpi.RecordCommands = false;
        rig.Mcp.RecordTransfers = false;
        var frames = new float[32 * 5];
        rig.Adxl.Produce(1, 2, 3);
        array.ReadFrames(frames, 32);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int poll = 0; poll < 200; poll++)
        {
            for (short i = 0; i < 16; i++)
            {
                rig.Adxl.Produce(i, i, i);
            }
            total += array.ReadFrames(frames, 32);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(total, Is.EqualTo(200 * 16));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void DisposingTheArrayReleasesEveryChip()
    {
        var a = new ScriptedChip(["v"]);
        var b = new ScriptedChip(["v"]);
        var array = new ChipArray([new ChipArrayMember("a", a), new ChipArrayMember("b", b)]);

        array.Dispose();

        Assert.That((a.Disposed, b.Disposed), Is.EqualTo((true, true)));
        Assert.Throws<ObjectDisposedException>(() => array.ReadFrames(new float[2], 1));
    }
}
