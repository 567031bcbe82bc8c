using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sensors.Mpu6050;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Driver = EdgeAE.Device.Sensors.Mpu6050.Mpu6050;

namespace EdgeAE.Device.Tests.Sensors;

public class Mpu6050Tests
{
    [Test]
    public void InitializeChecksWHOAMIResetsWakesAndConfiguresInOrder()
    {
        var model = new Mpu6050Model();
        var sleeps = new SleepRecorder();
        var settings = new Mpu6050Settings
        {
            AccelerometerRange = AccelerometerRange.Range4G,
            GyroscopeRange = GyroscopeRange.Range500Dps,
            Filter = LowPassFilter.Accel44Gyro42Hz,
            SampleRateDivider = 4,
        };
        using var mpu = new Driver(new RegisterI2cDevice(model, address: 0x68), settings, sleeps.Sleep);

        mpu.Initialize();

        Assert.That(model.Reads[0], Is.EqualTo(((byte)0x75, 1)), "WHO_AM_I first");
        Assert.That(model.Writes, Is.EqualTo(new (byte, byte)[]
        {
            (0x6B, 0x80), // PWR_MGMT_1: DEVICE_RESET
            (0x6B, 0x01), // PWR_MGMT_1: awake, clock = PLL on X gyro
            (0x19, 4),    // SMPLRT_DIV: 1 kHz / 5 = 200 Hz
            (0x1A, 3),    // CONFIG: DLPF 44/42 Hz
            (0x1B, 0x08), // GYRO_CONFIG: FS_SEL 1 (±500 °/s)
            (0x1C, 0x08), // ACCEL_CONFIG: AFS_SEL 1 (±4 g)
            (0x37, 0x00), // INT_PIN_CFG
            (0x38, 0x01), // INT_ENABLE: DATA_RDY
        }));
        Assert.That(sleeps.Waits, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(100) }), "waits out the reset");
        Assert.That(model.Asleep, Is.False);
        Assert.That(mpu.RateHz, Is.EqualTo(200));
    }

    [Test]
    public void BurstIsScaledToGDegreesPerSecondAndCelsius()
    {
        var model = new Mpu6050Model();
        var settings = new Mpu6050Settings { AccelerometerRange = AccelerometerRange.Range4G, GyroscopeRange = GyroscopeRange.Range500Dps };
        using var mpu = new Driver(new RegisterI2cDevice(model, address: 0x68), settings, _ => { });
        mpu.Initialize();

        model.Produce(8192, -8192, -16384, -521, 655, -655, 32767);
        var values = new float[7];
        int n = mpu.Read(values, 1);

        Assert.That(n, Is.EqualTo(1));
        Assert.That(values[..3], Is.EqualTo(new[] { 1f, -1f, -2f }).Within(1e-6f));
        Assert.That(values[3], Is.EqualTo(10f).Within(1e-4f));
        Assert.That(values[4], Is.EqualTo(-10f).Within(1e-4f));
        Assert.That(values[5], Is.EqualTo(32767 / 65.5f).Within(1e-2f));
        Assert.That(values[6], Is.EqualTo(-521 / 340f + 36.53f).Within(1e-4f));
        Assert.That(model.Reads[^1], Is.EqualTo(((byte)0x3B, 14)), "one 14-byte burst");
    }

    [Test]
    public void SamplesAreReadOnlyWhenDATARDYIsSet()
    {
        var model = new Mpu6050Model();
        using var mpu = new Driver(new RegisterI2cDevice(model, address: 0x68), null, _ => { });
        mpu.Initialize();
        var values = new float[7];

        int before = mpu.Read(values, 4);
        model.Produce(16384, 0, 0, 0, 0, 0, 0);
        int ready = mpu.Read(values, 4);
        int again = mpu.Read(values, 4);

        Assert.That((before, ready, again), Is.EqualTo((0, 1, 0)));
        Assert.That(values[0], Is.EqualTo(1f));
        Assert.That(mpu.Channels, Is.EqualTo(new[] { "ax", "ay", "az", "gx", "gy", "gz", "temp" }));
    }

    [Test]
    public void SampleRateDividerFollowsTheFilterBaseRate()
    {
        Assert.That(Mpu6050Settings.DividerFor(100, LowPassFilter.Accel21Gyro20Hz), Is.EqualTo(9));
        Assert.That(Mpu6050Settings.DividerFor(1000, LowPassFilter.Accel260Gyro256Hz), Is.EqualTo(7), "8 kHz base without DLPF");
        Assert.That(Mpu6050Settings.DividerFor(1000, LowPassFilter.Accel184Gyro188Hz), Is.EqualTo(0));
        Assert.That(() => Mpu6050Settings.DividerFor(300, LowPassFilter.Accel94Gyro98Hz),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("nearest is 333.333 Hz"));
        Assert.That(LowPassFilters.ForSampleRate(100), Is.EqualTo(LowPassFilter.Accel44Gyro42Hz));
        Assert.That(LowPassFilters.ForSampleRate(1000), Is.EqualTo(LowPassFilter.Accel184Gyro188Hz));
    }

    [Test]
    public void WrongWHOAMIIsNotThisChip()
    {
        var model = new Mpu6050Model(whoAmI: 0x70);
        using var mpu = new Driver(new RegisterI2cDevice(model, address: 0x68), null, _ => { });

        var e = Assert.Throws<ChipIdentityException>(mpu.Initialize);

        Assert.That(e!.Message, Does.Contain("WHO_AM_I reads 0x70, expected 0x68"));
        Assert.That(model.Writes, Is.Empty);
    }
}
