using System.Collections.Concurrent;
using EdgeAE.Device.Alerts;
using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sources;
using EdgeAE.Device.Tests.Sensors.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

/// <summary>The Chips source delivers scaled frames from a simulated SPI ADC, and a bus that goes down becomes a reported sensor fault, not a crash.</summary>
public class ChipSourceTests
{
    private sealed class Collector : IFrameWriter
    {
        public ConcurrentQueue<float[]> Frames { get; } = new();
        public ConcurrentQueue<(string Sensor, string Message)> Faults { get; } = new();
        public bool Write(DateTime timestamp, ReadOnlySpan<float> values)
        {
            Frames.Enqueue(values.ToArray());
            return true;
        }
        public void ReportFault(SensorFault fault) => Faults.Enqueue((fault.Sensor, fault.Message));
    }

    [Test]
    public void FramesFlowAndABusFaultIsReportedThenRecovers()
    {
        var mcp = new SimulatedMcp3008 { RecordTransfers = false };
        mcp.Codes[8] = 512;    // CH0 single-ended
        mcp.Codes[9] = 1023;   // CH1
        var buses = new SimulatedBuses();
        buses.Spi[(0, 0)] = mcp;
        var chips = new[] { new ChipOptions { Kind = ChipKind.Mcp3008, Bus = SensorBus.Spi, ChipSelect = 0, Inputs = ["0", "1"], Names = ["pressure", "current"], Vref = 3.3, RateHz = 200 } };
        using var source = new ChipSource(chips, new SimulatedPinBackend(NullLogger.Instance), NullLogger.Instance, new EdgeAE.Device.Pipeline.StreamClock(TimeProvider.System), buses);
        Assert.That(source.Channels, Is.EqualTo(new[] { "pressure", "current" }));

        var sink = new Collector();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = Task.Factory.StartNew(() => source.Run(sink, cts.Token), TaskCreationOptions.LongRunning);
        Assert.That(SpinWait.SpinUntil(() => sink.Frames.Count >= 20, TimeSpan.FromSeconds(5)), Is.True, "frames from the ADC");
        var first = sink.Frames.First();
        Assert.That(first[0], Is.EqualTo(512 * 3.3f / 1024).Within(1e-3));
        Assert.That(first[1], Is.EqualTo(1023 * 3.3f / 1024).Within(1e-3));

        mcp.Faults.Down = true;
        Assert.That(SpinWait.SpinUntil(() => !sink.Faults.IsEmpty, TimeSpan.FromSeconds(10)), Is.True, "a bus that stays down is reported");
        var fault = sink.Faults.First();
        Assert.That(fault.Sensor, Is.EqualTo("mcp3008"), "the fault names the chip");
        // IFrameWriter carries the fault as text today; the kind is SensorFaultKind.Down ("is down"), not
        // Stuck, NotFound or BadData: a bus that stops answering after the chip was found.
        Assert.That(fault.Message, Does.StartWith("sensor 'mcp3008' is down: "));
        mcp.Faults.Down = false;
        int before = sink.Frames.Count;
        Assert.That(SpinWait.SpinUntil(() => sink.Frames.Count > before + 20, TimeSpan.FromSeconds(10)), Is.True, "frames resume after the bus heals");
        cts.Cancel();
        run.Wait(TimeSpan.FromSeconds(5));
        Assert.That(run.IsCompletedSuccessfully, Is.True);
    }
}
