using EdgeAE.Device.Options;

namespace EdgeAE.Device.Sources;

/// <summary>The built-in pump simulator as a live source, paced at RateHz × Speed.</summary>
public sealed class SimulatorSource : IFrameSource
{
    private readonly PumpSimulator simulator;
    private readonly double speed;
    private readonly DateTime start;

    public SimulatorSource(SimulatorOptions options, double speed, DateTime? start = null)
    {
        simulator = new PumpSimulator(options);
        this.speed = speed;
        this.start = start ?? DateTime.UtcNow;
        Description = $"simulator: pump/motor, {simulator.ChannelCount} channels at {options.RateHz:0.###} Hz × {(speed == 0 ? "max" : speed.ToString("0.###"))}" +
                      (options.FaultEverySeconds > 0 ? $", a fault every {options.FaultEverySeconds:0.#} s" : ", no faults");
    }

    public IReadOnlyList<string> Channels => simulator.Channels;
    public string Description { get; }
    public bool IsFinite => false;
    public PumpSimulator Simulator => simulator;

    public void Run(IFrameWriter writer, CancellationToken cancellation)
    {
        var pacer = new Pacer(speed);
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
