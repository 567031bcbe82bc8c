namespace EdgeAE.Device.Dashboard;

/// <summary>One push of the live stream: the newest trace point and the daemon's state (read, never computed, here).</summary>
public sealed class LiveSnapshot
{
    /// <summary>Wall time, Unix milliseconds.</summary>
    public long T { get; set; }
    /// <summary>The highest score since the previous push (null: no window scored meanwhile).</summary>
    public float? Score { get; set; }
    /// <summary>The newest window's score.</summary>
    public float? Last { get; set; }
    public string Level { get; set; } = "normal";
    /// <summary>The levels in force now (adaptive thresholds move); null while not armed (commissioning).</summary>
    public double? Warning { get; set; }
    public double? Alarm { get; set; }
    public long Windows { get; set; }
    public long AlarmsToday { get; set; }
    public ChannelShare[] Channels { get; set; } = [];
    public SensorHealth Health { get; set; } = new();
    public LineState[] Lines { get; set; } = [];
    public ProgressState? Commissioning { get; set; }
    public ProgressState? Learning { get; set; }
    public string Model { get; set; } = "";
    public bool Buttons { get; set; }
}

/// <summary>A channel's share of the newest window's error (the shares sum to 1).</summary>
public sealed class ChannelShare(string name, float share)
{
    public string Name { get; } = name;
    public float Share { get; } = share;
}

public sealed class SensorHealth
{
    public bool Ok { get; set; } = true;
    public string? Sensor { get; set; }
    public string? Kind { get; set; }
    public string? Message { get; set; }
    public long Faults { get; set; }
}

/// <summary>One wired GPIO output; <see cref="Latched"/>: on only until acknowledged.</summary>
public sealed class LineState(string name, int line, bool on, bool latched)
{
    public string Name { get; } = name;
    public int Line { get; } = line;
    public bool On { get; } = on;
    public bool Latched { get; } = latched;
}

/// <summary>Commissioning or on-board learning while it runs: a fraction done (null when unknown) and a sentence.</summary>
public sealed class ProgressState(double? done, string text)
{
    public double? Done { get; } = done;
    public string Text { get; } = text;
}
