using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sensors.Adxl345;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Driver = EdgeAE.Device.Sensors.Adxl345.Adxl345;

namespace EdgeAE.Device.Tests.Sensors;

public class Adxl345Tests
{
    private static readonly (byte, byte)[] InitSequence800Hz4G =
    [
        (0x2D, 0x00), // POWER_CTL: standby while configuring
        (0x2C, 0x0D), // BW_RATE: 800 Hz
        (0x31, 0x09), // DATA_FORMAT: FULL_RES | ±4 g
        (0x2E, 0x00), // INT_ENABLE: polled
        (0x38, 0x00), // FIFO_CTL: bypass (clears the FIFO)
        (0x38, 0x90), // FIFO_CTL: stream, watermark 16
        (0x2D, 0x08), // POWER_CTL: measure
    ];

    private static Adxl345Settings Settings800Hz4G => new() { Rate = DataRate.Hz800, Range = GravityRange.Range4G };

    [Test]
    public void InitializeOverI2CChecksDEVIDThenWritesTheExactSequence()
    {
        var model = new Adxl345Model();
        using var adxl = new Driver(new RegisterI2cDevice(model), Settings800Hz4G);

        adxl.Initialize();

        Assert.That(model.Reads[0], Is.EqualTo(((byte)0x00, 1)), "DEVID is read first");
        Assert.That(model.Writes, Is.EqualTo(InitSequence800Hz4G));
    }

    [Test]
    public void InitializeOverSPIUsesTheReadAndMultibyteBits()
    {
        var model = new Adxl345Model();
        var spi = new RegisterSpiDevice(model);
        using var adxl = new Driver(spi, Settings800Hz4G);

        adxl.Initialize();
        model.Produce(1, 2, 3);
        Span<float> xyz = stackalloc float[3];
        int n = adxl.Read(xyz, 1);

        Assert.That(model.Writes, Is.EqualTo(InitSequence800Hz4G));
        Assert.That(spi.Commands[0], Is.EqualTo(0x80), "single-byte read of DEVID: read bit only");
        Assert.That(spi.Commands[1], Is.EqualTo(0x2D), "writes carry neither flag");
        Assert.That(spi.Commands, Does.Contain((byte)(0x80 | 0x40 | 0x32)), "data burst: read + multi-byte from DATAX0");
        Assert.That(n, Is.EqualTo(1));
        Assert.That(xyz.ToArray(), Is.EqualTo(new[] { 0.0039f, 0.0078f, 0.0117f }).Within(1e-6f));
    }

    [Test]
    public void RatesMapToBWRATECodes()
    {
        Assert.That(DataRates.FromHz(3200), Is.EqualTo(DataRate.Hz3200));
        Assert.That((byte)DataRate.Hz3200, Is.EqualTo(0x0F));
        Assert.That(DataRates.FromHz(12.5), Is.EqualTo(DataRate.Hz12_5));
        Assert.That(DataRate.Hz100.ToHz(), Is.EqualTo(100));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataRates.FromHz(1000));
    }

    [Test]
    public void RawCountsScaleToGIncludingNegativeTwosComplement()
    {
        var model = new Adxl345Model();
        using var adxl = new Driver(new RegisterI2cDevice(model), new Adxl345Settings { Range = GravityRange.Range16G });
        adxl.Initialize();

        model.Produce(256, -256, -1);
        model.Produce(short.MaxValue, short.MinValue, 0);
        var first = adxl.ReadAcceleration();
        var second = adxl.ReadAcceleration();

        Assert.That(first.X, Is.EqualTo(0.9984f).Within(1e-5f));
        Assert.That(first.Y, Is.EqualTo(-0.9984f).Within(1e-5f));
        Assert.That(first.Z, Is.EqualTo(-0.0039f).Within(1e-6f));
        Assert.That(second.X, Is.EqualTo(32767 * 0.0039f).Within(1e-3f));
        Assert.That(second.Y, Is.EqualTo(-32768 * 0.0039f).Within(1e-3f));
        Assert.That(model.Registers[0x31] & 0x03, Is.EqualTo(0b11), "±16 g range bits");
    }

    [Test]
    public void FifoIsDrainedInOrderWithoutDropsAcrossPollsOfAnySize()
    {
        var model = new Adxl345Model();
        using var adxl = new Driver(new RegisterI2cDevice(model), new Adxl345Settings { Rate = DataRate.Hz800 });
        adxl.Initialize();
        var received = new List<short>();
        var buffer = new float[64 * 3];
        short next = 0;

        // Bursts of 25, 32 (full), 7, 30 between polls; one poll only takes 10 at a time.
        foreach (int burst in new[] { 25, 32, 7, 30 })
        {
            for (int i = 0; i < burst; i++, next++)
            {
                model.Produce(next, (short)-next, 1);
            }
            int n;
            do
            {
                n = adxl.Read(buffer, 10);
                for (int s = 0; s < n; s++)
                {
                    received.Add((short)Math.Round(buffer[s * 3] / Driver.GPerLsb));
                    Assert.That(buffer[s * 3 + 1], Is.EqualTo(-buffer[s * 3]));
                }
            }
            while (n > 0);
        }

        Assert.That(received, Is.EqualTo(Enumerable.Range(0, next).Select(i => (short)i)));
        Assert.That(adxl.Overruns, Is.Zero);
        Assert.That(model.Queued, Is.Zero);
    }

    [Test]
    public void OnePollReadsEveryQueuedSample()
    {
        var model = new Adxl345Model();
        using var adxl = new Driver(new RegisterI2cDevice(model));
        adxl.Initialize();
        for (short i = 0; i < 32; i++)
        {
            model.Produce(i, i, i);
        }

        int n = adxl.Read(new float[40 * 3], 40);

        Assert.That(n, Is.EqualTo(32));
    }

    [Test]
    public void FifoOverflowIsCountedAsAnOverrun()
    {
        var model = new Adxl345Model();
        using var adxl = new Driver(new RegisterI2cDevice(model));
        adxl.Initialize();
        for (short i = 0; i < 40; i++)
        {
            model.Produce(i, 0, 0);
        }
        var buffer = new float[40 * 3];

        int n = adxl.Read(buffer, 40);

        Assert.That(n, Is.EqualTo(32));
        Assert.That(adxl.Overruns, Is.EqualTo(1));
        Assert.That(buffer[0] / Driver.GPerLsb, Is.EqualTo(8).Within(1e-3), "the oldest 8 were overwritten");
    }

    [Test]
    public void WithoutFifoOnlyAReadySampleIsRead()
    {
        var model = new Adxl345Model();
        using var adxl = new Driver(new RegisterI2cDevice(model), new Adxl345Settings { UseFifo = false });
        adxl.Initialize();
        var buffer = new float[3 * 4];

        int none = adxl.Read(buffer, 4);
        model.Produce(10, 20, 30);
        model.Produce(11, 21, 31);
        int one = adxl.Read(buffer, 4);

        Assert.That(model.Writes.Where(w => w.Register == 0x38).Select(w => w.Value), Is.EqualTo(new byte[] { 0x00 }), "FIFO stays in bypass");
        Assert.That(none, Is.Zero);
        Assert.That(one, Is.EqualTo(1));
        Assert.That(buffer[0] / Driver.GPerLsb, Is.EqualTo(11).Within(1e-3), "bypass keeps only the newest");
        Assert.That(adxl.Overruns, Is.EqualTo(1));
    }

    [Test]
    public void WrongDeviceIdIsReportedAsNotThisChip()
    {
        var model = new Adxl345Model(deviceId: 0xE6);
        using var adxl = new Driver(new RegisterI2cDevice(model));

        var e = Assert.Throws<ChipIdentityException>(adxl.Initialize);

        Assert.That(e!.Message, Does.Contain("DEVID reads 0xE6, expected 0xE5"));
        Assert.That(model.Writes, Is.Empty, "nothing is written to an unknown chip");
    }
}
