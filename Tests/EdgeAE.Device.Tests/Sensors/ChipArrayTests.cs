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

        public Rig()
        {
            AdxlSpi = new RegisterSpiDevice(Adxl);
            Buses.Spi[(0, 0)] = AdxlSpi;
            Buses.Spi[(0, 1)] = Mcp;
        }

        public ChipArray Open(params ChipOptions[] chips) => ChipArray.Open(chips, Buses, null, Sleeps.Sleep);
    }

    [Test]
    public void Two_chips_form_one_frame_with_the_FIFO_chip_setting_the_frame_count()
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
    public void A_chip_with_nothing_new_repeats_its_last_sample()
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
    public void Fewer_samples_are_spread_over_the_frames_and_frames_wait_for_every_chip()
    {
        var fast = new ScriptedChip(["v"], 800);
        var slow = new ScriptedChip(["v"], 200);
        using var array = new ChipArray([new ChipArrayMember("fast", fast), new ChipArrayMember("slow", slow)], sleep: _ => { });
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
    public void Frames_never_exceed_maxFrames_or_the_destination()
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
    public void Transient_bus_errors_are_retried_with_backoff_then_succeed()
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
    public void A_bus_that_stays_down_becomes_a_Down_fault_and_recovers_after_reinitialising()
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
    public void Wrong_chip_at_open_is_NotFound_and_already_opened_devices_are_released()
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
    public void A_missing_bus_is_NotFound_with_the_fix()
    {
        var fault = Assert.Throws<SensorFaultException>(() => ChipArray.Open(
            [new ChipOptions { Kind = ChipKind.Ads1115, BusId = 3 }], new SimulatedBuses(), null, _ => { }));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.NotFound));
        Assert.That(fault.Message, Does.Contain("cannot open I2C bus 3 address 0x48 (/dev/i2c-3)").And.Contains("group i2c"));
    }

    [Test]
    public void A_silent_I2C_address_at_open_is_NotFound()
    {
        var device = new RegisterI2cDevice(new Adxl345Model(), 1, 0x1D);
        device.Faults.Down = true;
        var buses = new SimulatedBuses();
        buses.I2c[(1, 0x1D)] = device;

        var fault = Assert.Throws<SensorFaultException>(() => ChipArray.Open(
            [new ChipOptions { Kind = ChipKind.Adxl345, Address = 0x1D }], buses, null, _ => { }));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.NotFound));
        Assert.That(device.Faults.Failures, Is.EqualTo(4));
    }

    [Test]
    public void Identical_samples_for_StuckSamples_in_a_row_raise_Stuck_until_the_values_move()
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
    public void Non_finite_values_are_BadData()
    {
        var chip = new ScriptedChip(["t"]);
        using var array = new ChipArray([new ChipArrayMember("probe", chip)], sleep: _ => { });
        chip.Add(1f, float.NaN);

        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(new float[4], 4));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.BadData));
        Assert.That(fault.Message, Does.Contain("probe.t read NaN"));
    }

    [Test]
    public void Protocol_garbage_that_persists_is_BadData()
    {
        var rig = new Rig();
        using var array = rig.Open(McpTwoInputs);
        rig.Mcp.MisoHigh = true;

        var fault = Assert.Throws<SensorFaultException>(() => array.ReadFrames(new float[2], 1));

        Assert.That(fault!.Kind, Is.EqualTo(SensorFaultKind.BadData));
        Assert.That(fault.Message, Does.Contain("null bit"));
    }

    [Test]
    public void Steady_state_reads_allocate_nothing()
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
    public void Disposing_the_array_releases_every_chip()
    {
        var a = new ScriptedChip(["v"]);
        var b = new ScriptedChip(["v"]);
        var array = new ChipArray([new ChipArrayMember("a", a), new ChipArrayMember("b", b)]);

        array.Dispose();

        Assert.That((a.Disposed, b.Disposed), Is.EqualTo((true, true)));
        Assert.Throws<ObjectDisposedException>(() => array.ReadFrames(new float[2], 1));
    }
}
