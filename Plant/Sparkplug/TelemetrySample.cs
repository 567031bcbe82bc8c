namespace EdgeAE.Plant.Sparkplug;

/// <summary>
/// One periodic report of a board: what it is doing (state, last score and level, per-channel
/// contributions of the last window), its health counters, model and outbox backlog. The same
/// record goes out as Sparkplug DDATA metrics or, in JSON mode, as the telemetry message.
/// </summary>
public sealed class TelemetrySample
{
    public DateTime At { get; set; }
    /// <summary>running | sensor-fault | commissioning | stopped</summary>
    public string State { get; set; } = "running";
    public float? Score { get; set; }
    public string Level { get; set; } = "normal";
    public string ModelHash { get; set; } = "";
    public string ModelVersion { get; set; } = "";
    public string[] Channels { get; set; } = [];
    /// <summary>Share of the last window's error per channel, in <see cref="Channels"/> order.</summary>
    public float[] Contributions { get; set; } = [];
    public long FramesIn { get; set; }
    public long FramesDropped { get; set; }
    public long FramesRejected { get; set; }
    public long WindowsScored { get; set; }
    public long SensorFaults { get; set; }
    public long AlarmsToday { get; set; }
    /// <summary>Events and telemetry samples waiting for the broker.</summary>
    public long Backlog { get; set; }
}
