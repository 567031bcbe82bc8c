using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sensors.Mcp3008;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Driver = EdgeAE.Device.Sensors.Mcp3008.Mcp3008;

namespace EdgeAE.Device.Tests.Sensors;

public class Mcp3008Tests
{
    [Test]
    public void SingleEndedAndDifferentialCommandsFollowTheDatasheetFraming()
    {
        var sim = new SimulatedMcp3008();
        sim.Codes[0b1000 | 5] = 1023;
        sim.Codes[0b0001] = 512; // CH0- CH1+
        var settings = new Mcp3008Settings { Inputs = [Mcp3008Input.Single(5), Mcp3008Input.Parse("1-0")], ReferenceVolts = 3.3 };
        using var adc = new Driver(sim, settings);

        var values = new float[2];
        int n = adc.Read(values, 1);

        Assert.That(n, Is.EqualTo(1));
        Assert.That(sim.Transfers[0], Is.EqualTo(new byte[] { 0x01, 0xD0, 0x00 }), "start, SGL=1 D=101");
        Assert.That(sim.Transfers[1], Is.EqualTo(new byte[] { 0x01, 0x10, 0x00 }), "start, SGL=0 D=001");
        Assert.That(values[0], Is.EqualTo(3.3f * 1023 / 1024).Within(1e-6f));
        Assert.That(values[1], Is.EqualTo(1.65f).Within(1e-6f));
        Assert.That(adc.Channels, Is.EqualTo(new[] { "ch5", "ch1-ch0" }));
    }

    [Test]
    public void TenBitResultUsesBothReplyBytes()
    {
        var sim = new SimulatedMcp3008();
        sim.Codes[0b1000] = 0b10_0000_0001;
        using var adc = new Driver(sim, new Mcp3008Settings { Inputs = [Mcp3008Input.Single(0)], ReferenceVolts = 5.0 });

        Assert.That(adc.ReadRaw(Mcp3008Input.Single(0)), Is.EqualTo(513));
        Assert.That(adc.ReadVoltage(Mcp3008Input.Single(0)), Is.EqualTo(513 * 5.0 / 1024).Within(1e-12));
    }

    [Test]
    public void MisoReadingAllOnesMeansNoChip()
    {
        var sim = new SimulatedMcp3008 { MisoHigh = true };
        using var adc = new Driver(sim);

        var e = Assert.Throws<ChipIdentityException>(adc.Initialize);

        Assert.That(e!.Message, Does.Contain("no MCP3008 at SPI bus 0 chip select 0").And.Contains("null bit"));
        Assert.Throws<InvalidDataException>(() => adc.ReadRaw(Mcp3008Input.Single(0)));
    }

    [TestCase("7", true, 7, 0b1111)]
    [TestCase("CH2", true, 2, 0b1010)]
    [TestCase("2-3", false, 2, 0b0010)]
    [TestCase("ch7-ch6", false, 7, 0b0111)]
    public void InputsParseToCodes(string text, bool single, int positive, int code)
    {
        var input = Mcp3008Input.Parse(text);
        Assert.That((input.SingleEnded, input.Positive, input.Code), Is.EqualTo((single, positive, code)));
    }

    [TestCase("8")]
    [TestCase("1-2")]
    [TestCase("0-0")]
    public void ImpossibleInputsAreRejected(string text) =>
        Assert.Throws<FormatException>(() => Mcp3008Input.Parse(text));
}
