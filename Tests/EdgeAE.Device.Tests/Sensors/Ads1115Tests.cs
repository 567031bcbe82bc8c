using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sensors.Ads1115;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Driver = EdgeAE.Device.Sensors.Ads1115.Ads1115;

namespace EdgeAE.Device.Tests.Sensors;

public class Ads1115Tests
{
    [Test]
    public void InitializeSetsConversionReadyThresholdsVerifiesThemAndWritesConfig()
    {
        var sim = new SimulatedAds1115();
        using var ads = new Driver(sim, new Ads1115Settings { Inputs = [InputMultiplexer.AIN1], Range = MeasuringRange.FS4096, Rate = DataRate.SPS860 }, null, _ => { });

        bool readyBefore = sim.ReadyPin;
        ads.Initialize();

        Assert.That(sim.Writes, Is.EqualTo(new (byte, ushort)[]
        {
            (0x02, 0x0000), // Lo_thresh MSB 0
            (0x03, 0x8000), // Hi_thresh MSB 1 → ALERT/RDY is conversion-ready
            // OS 0, MUX 101 (AIN1), PGA 001 (±4.096), MODE 1 (single-shot), DR 111 (860), COMP_QUE 00
            (0x01, 0b0_101_001_1_111_0_0_0_00),
        }));
        Assert.That((readyBefore, sim.ReadyPin), Is.EqualTo((false, true)), "power-on comparator is off (COMP_QUE 11); now ALERT/RDY signals conversion-ready");
    }

    [Test]
    public void SingleShotScanConvertsEachInputAndScalesToVoltsPerPGA()
    {
        var sim = new SimulatedAds1115 { BusyPolls = 3 };
        sim.Inputs[(int)InputMultiplexer.AIN0] = 16384;
        sim.Inputs[(int)InputMultiplexer.AIN2_AIN3] = -8192;
        var sleeps = new SleepRecorder();
        var settings = new Ads1115Settings
        {
            Inputs = [InputMultiplexer.AIN0, InputMultiplexer.AIN2_AIN3],
            Range = MeasuringRange.FS4096,
            Rate = DataRate.SPS128,
        };
        using var ads = new Driver(sim, settings, null, sleeps.Sleep);
        ads.Initialize();

        var values = new float[2];
        int n = ads.Read(values, 1);

        Assert.That(n, Is.EqualTo(1));
        Assert.That(values[0], Is.EqualTo(2.048f).Within(1e-6f));
        Assert.That(values[1], Is.EqualTo(-1.024f).Within(1e-6f));
        var starts = sim.Writes.Where(w => w.Register == 1 && (w.Value & 0x8000) != 0).Select(w => w.Value).ToArray();
        Assert.That(starts, Is.EqualTo(new ushort[] { 0xC380, 0xB380 }), "OS=1 with MUX 100 then 011, PGA ±4.096, single-shot, 128 SPS");
        Assert.That(sim.ConfigReads, Is.EqualTo(2 * 4), "polled OS until idle: 3 busy + 1 ready per conversion");
        Assert.That(sleeps.Waits.Count(w => w == TimeSpan.FromSeconds(1.0 / 128)), Is.EqualTo(2), "waits one conversion time first");
    }

    [Test]
    public void ReadyPinReplacesPollingTheOSBit()
    {
        var sim = new SimulatedAds1115 { BusyPolls = 2 };
        sim.Inputs[(int)InputMultiplexer.AIN3] = -32768;
        using var ads = new Driver(sim, new Ads1115Settings { Inputs = [InputMultiplexer.AIN3], Range = MeasuringRange.FS0256 }, sim.PollPin, _ => { });
        ads.Initialize();

        double volts = ads.ReadVoltage(InputMultiplexer.AIN3);

        Assert.That(volts, Is.EqualTo(-0.256).Within(1e-9));
        Assert.That(sim.ConfigReads, Is.Zero, "no I2C polling when the pin is wired");
    }

    [Test]
    public void AConversionThatNeverFinishesIsAnIOErrorAfterBoundedPolls()
    {
        var sim = new SimulatedAds1115 { NeverReady = true };
        var sleeps = new SleepRecorder();
        using var ads = new Driver(sim, new Ads1115Settings { Inputs = [InputMultiplexer.AIN0] }, null, sleeps.Sleep);
        ads.Initialize();

        var e = Assert.Throws<IOException>(() => ads.ReadRaw(InputMultiplexer.AIN0));

        Assert.That(e!.Message, Does.Contain("conversion not ready"));
        Assert.That(sim.ConfigReads, Is.EqualTo(Driver.MaxReadyPolls));
        Assert.That(sleeps.Total, Is.LessThan(TimeSpan.FromMilliseconds(10)), "bounded wait at 860 SPS");
    }

    [Test]
    public void ContinuousModeReadsTheLatestConversionWithoutRestarting()
    {
        var sim = new SimulatedAds1115();
        sim.Inputs[(int)InputMultiplexer.AIN0_AIN1] = 100;
        using var ads = new Driver(sim, new Ads1115Settings { Inputs = [InputMultiplexer.AIN0_AIN1], Mode = DeviceMode.Continuous, Range = MeasuringRange.FS2048 }, null, _ => { });
        ads.Initialize();

        var values = new float[1];
        ads.Read(values, 1);

        Assert.That(values[0], Is.EqualTo(100 * 2.048f / 32768).Within(1e-7f));
        Assert.That(sim.Writes.Count(w => w.Register == 1), Is.EqualTo(1), "config written once at start");
        Assert.Throws<ArgumentException>(() => new Driver(sim, new Ads1115Settings { Mode = DeviceMode.Continuous }));
    }

    [Test]
    public void ADeviceThatDoesNotKeepTheThresholdsIsNotAnADS1115()
    {
        var sim = new SimulatedAds1115 { IgnoreWrites = true };
        using var ads = new Driver(sim, null, null, _ => { });

        var e = Assert.Throws<ChipIdentityException>(ads.Initialize);

        Assert.That(e!.Message, Does.Contain("no ADS1115 at I2C bus 1 address 0x48"));
    }

    [TestCase("A0", InputMultiplexer.AIN0)]
    [TestCase("3", InputMultiplexer.AIN3)]
    [TestCase("AIN2", InputMultiplexer.AIN2)]
    [TestCase("A0-A1", InputMultiplexer.AIN0_AIN1)]
    [TestCase("1-3", InputMultiplexer.AIN1_AIN3)]
    [TestCase("a2 - a3", InputMultiplexer.AIN2_AIN3)]
    public void InputsParse(string text, InputMultiplexer expected) =>
        Assert.That(InputMultiplexers.Parse(text), Is.EqualTo(expected));

    [TestCase("A4")]
    [TestCase("A1-A2")]
    [TestCase("A1-A0")]
    [TestCase("")]
    public void ImpossibleInputsAreRejected(string text) =>
        Assert.That(() => InputMultiplexers.Parse(text), Throws.InstanceOf<FormatException>().With.Message.Contains("A0-A1"));
}
