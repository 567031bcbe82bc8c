using System.Text.Json;
using EdgeAE.Device.Alerts;
using EdgeAE.Device.Hosting;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Sources;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests.Support;

/// <summary>The daemon's components in-process, with simulated GPIO and a journal in a temp folder.</summary>
public sealed class DeviceHarness : IDisposable, IScoreSink
{
    public DeviceHarness(DeviceOptions options, TimeProvider? time = null, Microsoft.Extensions.Logging.ILoggerFactory? logs = null,
        Func<string, Runtime.Bundles.BundleFile>? readBundle = null)
    {
        Options = options;
        time ??= TimeProvider.System;
        Components = new DeviceComponents(options, logs ?? NullLoggerFactory.Instance, new Liveness(time), time, readBundle);
        // After the daemon's own observer (telemetry, metrics), not instead of it.
        Components.Status!.Next = this;
    }

    public DeviceOptions Options { get; }

    /// <summary>Rebuilds the pipeline on another source (e.g. stdin lines from a test reader), with the same model and outputs.</summary>
    public void ReplaceSource(IFrameSource source)
    {
        var c = Components;
        replaced?.Dispose();
        replacedSource?.Dispose();
        replacedSource = source;
        replaced = new ScoringPipeline(source, Runtime.Bundles.Bundle.Load(c.Loader!.Path), Options, c.Slot!, c.Alerts, c.Reporter!,
            new Liveness(c.Clock.Time), c.Commissioning, c.Clock, NullLogger.Instance)
        { Tap = this };
    }

    private ScoringPipeline? replaced;
    private IFrameSource? replacedSource;
    public DeviceComponents Components { get; }
    public ScoringPipeline Pipeline => replaced ?? Components.Pipeline!;
    public SimulatedPinBackend Pins => (SimulatedPinBackend)Components.Alerts.Pins;
    public List<float> Scores { get; } = new();
    public List<DateTime> ScoreEnds { get; } = new();
    public List<DetectorEvent> Events { get; } = new();
    public List<double> AlarmLevels { get; } = new();
    public List<DriftEvent> DriftEvents { get; } = new();

    public void OnWindow(in WindowScore score)
    {
        lock (Scores)
        {
            Scores.Add(score.Score);
            ScoreEnds.Add(score.End);
            AlarmLevels.Add(score.AlarmLevel);
        }
    }

    public void OnEvent(in DetectorEvent e)
    {
        lock (Events) Events.Add(e);
    }

    public void OnDrift(in DriftEvent e)
    {
        lock (DriftEvents) DriftEvents.Add(e);
    }

    /// <summary>Journal lines parsed, oldest first (active file only).</summary>
    public List<JsonElement> Journal() => ReadJournal(Components.Journal!.ActivePath);

    public static List<JsonElement> ReadJournal(string path)
    {
        var list = new List<JsonElement>();
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(fs);
        while (reader.ReadLine() is { } line)
            list.Add(JsonDocument.Parse(line).RootElement.Clone());
        return list;
    }

    public static DeviceOptions DefaultOptions(string dir, string bundle) => new()
    {
        Model = new ModelOptions { Path = bundle, ReloadPollSeconds = 0, AdaptiveStateDirectory = Path.Combine(dir, "adaptive") },
        Journal = new JournalOptions { Directory = Path.Combine(dir, "journal"), Fsync = false },
        Alerts = new AlertsOptions { Driver = GpioDriverKind.Simulated, MinOnMilliseconds = 0 },
        Health = new HealthOptions { StatusEverySeconds = 0 },
    };

    /// <summary>Clean pump data (no faults) for training.</summary>
    public static SensorTable CleanSimulatorTable(int rows, int seed = 11)
    {
        var sim = new PumpSimulator(new SimulatorOptions { FaultEverySeconds = 0, Seed = seed });
        var values = new float[rows * sim.ChannelCount];
        var times = new DateTime[rows];
        for (int r = 0; r < rows; r++) times[r] = SimulatorCsvWriter.Start + sim.Next(values.AsSpan(r * sim.ChannelCount, sim.ChannelCount));
        return new SensorTable(PumpSimulator.ChannelNames.ToArray(), values, times, source: "simulator");
    }

    public void Dispose()
    {
        replaced?.Dispose();
        replacedSource?.Dispose();
        Components.Dispose();
    }
}
