using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Alerts;

/// <summary>GPIO for machines without GPIO (the demo, CI): logs each output transition and lets tests drive inputs.</summary>
public sealed class SimulatedPinBackend : IPinBackend
{
    private readonly ILogger logger;
    private readonly Dictionary<int, (string Name, bool Level)> lines = new();
    private readonly object gate = new();

    public SimulatedPinBackend(ILogger logger) => this.logger = logger;

    public string Description => "simulated GPIO (transitions are logged)";

    /// <summary>Every output transition, in order: (line, name, level).</summary>
    public List<(int Line, string Name, bool Level)> Transitions { get; } = new();

    public void OpenOutput(int line, string name, bool level)
    {
        lock (gate) lines[line] = (name, level);
        logger.LogInformation("gpio(sim): line {Line} ({Name}) output, {Level}", line, name, level ? "high" : "low");
    }

    public void Write(int line, bool level)
    {
        string name;
        lock (gate)
        {
            if (!lines.TryGetValue(line, out var state)) throw new InvalidOperationException($"line {line} is not open");
            if (state.Level == level) return;
            lines[line] = (state.Name, level);
            name = state.Name;
            Transitions.Add((line, name, level));
        }
        logger.LogInformation("gpio(sim): line {Line} ({Name}) → {Level}", line, name, level ? "high" : "low");
    }

    public void OpenInput(int line, string name)
    {
        lock (gate) lines[line] = (name, true);   // pulled up: released
    }

    public bool Read(int line)
    {
        lock (gate) return lines.TryGetValue(line, out var s) && s.Level;
    }

    /// <summary>Test hook: sets an input's level (false = button pressed to ground).</summary>
    public void SetInput(int line, bool level)
    {
        lock (gate) lines[line] = (lines.TryGetValue(line, out var s) ? s.Name : "input", level);
    }

    public bool LevelOf(int line)
    {
        lock (gate) return lines[line].Level;
    }

    public void Dispose() { }
}
