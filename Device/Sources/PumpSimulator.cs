using EdgeAE.Device.Options;

namespace EdgeAE.Device.Sources;

/// <summary>
/// A deterministic centrifugal pump + motor: two vibration axes, motor current, discharge pressure,
/// flow and winding temperature, all driven by a slowly varying load, with Gaussian noise and faults
/// injected on a fixed schedule (sample-indexed, so the same seed always gives the same data).
/// </summary>
public sealed class PumpSimulator
{
    public static readonly string[] ChannelNames = ["vib_x", "vib_y", "current", "pressure", "flow", "temperature"];

    private readonly double rate;
    private readonly Random random;
    private readonly SimulatedFault[] cycle;
    private readonly long faultEvery, faultLength, firstFault;
    private float stuckValue;
    private long index;

    public PumpSimulator(SimulatorOptions options)
    {
        rate = options.RateHz;
        random = new Random(options.Seed);
        cycle = options.Faults.Length == 0
            ? Enum.GetValues<SimulatedFault>()
            : options.Faults.Select(f => Enum.Parse<SimulatedFault>(f, ignoreCase: true)).ToArray();
        faultEvery = options.FaultEverySeconds > 0 ? Math.Max(1, (long)(options.FaultEverySeconds * rate)) : 0;
        faultLength = Math.Max(1, (long)(options.FaultSeconds * rate));
        firstFault = (long)(options.FirstFaultAfterSeconds * rate);
    }

    public IReadOnlyList<string> Channels => ChannelNames;
    public int ChannelCount => ChannelNames.Length;
    public double RateHz => rate;
    public long SamplesGenerated => index;

    /// <summary>The fault active at sample <paramref name="sample"/>, if any.</summary>
    public SimulatedFault? FaultAt(long sample)
    {
        if (faultEvery == 0 || sample < firstFault) return null;
        long k = (sample - firstFault) / faultEvery;
        long into = (sample - firstFault) % faultEvery;
        return into < faultLength ? cycle[k % cycle.Length] : null;
    }

    /// <summary>Writes the next sample's six values and returns its offset from the start.</summary>
    public TimeSpan Next(Span<float> values)
    {
        long i = index++;
        double t = i / rate;
        double load = 0.7 + 0.2 * Math.Sin(2 * Math.PI * t / 120.0) + 0.05 * Math.Sin(2 * Math.PI * t / 17.0);
        double shaft = 2 * Math.PI * 3.1 * t;
        double vx = 0.5 * load * Math.Sin(shaft) + 0.15 * Math.Sin(2 * Math.PI * 7.3 * t) + Noise(0.05);
        double vy = 0.4 * load * Math.Cos(shaft + 0.3) + 0.1 * Math.Sin(2 * Math.PI * 6.2 * t) + Noise(0.05);
        double current = 10 + 5 * load + 0.3 * Math.Sin(shaft) + Noise(0.1);
        double pressure = 4 + 2 * load + Noise(0.05);
        double flow = 30 * load + Noise(0.5);
        double temperature = 40 + 10 * load + Noise(0.05);

        var fault = FaultAt(i);
        switch (fault)
        {
            case SimulatedFault.BearingBurst:
                // Outer-race defect: a component near the Nyquist band plus periodic impacts.
                double burst = 1.2 * Math.Sin(2 * Math.PI * 11.7 * t) + (i % (long)Math.Max(2, rate / 4) == 0 ? 2.5 : 0);
                vx += burst;
                vy += 0.8 * burst;
                current += 1.0;
                break;
            case SimulatedFault.PressureDrop:
                pressure *= 0.55;
                flow *= 0.6;
                current -= 2.0;
                break;
        }
        values[0] = (float)vx;
        values[1] = (float)vy;
        values[2] = (float)current;
        values[3] = fault == SimulatedFault.NaN ? float.NaN : (float)pressure;
        if (fault == SimulatedFault.Stuck)
        {
            if (FaultAt(i - 1) != SimulatedFault.Stuck) stuckValue = (float)temperature;
            values[5] = stuckValue;
        }
        else values[5] = (float)temperature;
        values[4] = (float)flow;
        return TimeSpan.FromTicks((long)(i * TimeSpan.TicksPerSecond / rate));
    }

    private double Noise(double sigma)
    {
        // Box–Muller; one value per call keeps the sequence simple and deterministic.
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
