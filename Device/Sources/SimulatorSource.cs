using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;

namespace EdgeAE.Device.Sources;

/// <summary>The built-in pump simulator as a live source, paced at RateHz × Speed; sample times count from the stream clock's start.</summary>
public sealed class SimulatorSource : IFrameSource
{
    private readonly PumpSimulator simulator;
    private readonly double speed;
    private readonly DateTime start;
    private readonly TimeProvider time;
    private readonly TimeSpan burst;

    public SimulatorSource(SimulatorOptions options, double speed, StreamClock clock, TimeSpan burst = default)
    {
        simulator = new PumpSimulator(options);
        this.speed = speed;
        start = clock.Now;
        time = clock.Time;
        this.burst = burst;
        Description = $"simulator: pump/motor, {simulator.ChannelCount} channels at {options.RateHz:0.###} Hz × {(speed == 0 ? "max" : speed.ToString("0.###"))}" +
                      (options.FaultEverySeconds > 0 ? $", a fault every {options.FaultEverySeconds:0.#} s" : ", no faults");
    }

    public IReadOnlyList<string> Channels => simulator.Channels;
    public string Description { get; }
    public bool IsFinite => false;
    public PumpSimulator Simulator => simulator;

    public void Run(IFrameWriter writer, CancellationToken cancellation)
    {
        var pacer = new Pacer(speed, time, burst);
        Span<float> values = stackalloc float[simulator.ChannelCount];
        while (true)
        {
            var offset = simulator.Next(values);
            if (!pacer.WaitUntil(offset, cancellation)) return;
            if (!writer.Write(start + offset, values)) return;
        }
    }

    public void Dispose() { }
}
