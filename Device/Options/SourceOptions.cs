using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Options;

public enum SourceKind { Simulator, Replay, Stdin, Udp, Serial, Chips, Audio }

/// <summary>What the bounded frame queue does when the scorer falls behind a real-time source.</summary>
public enum OverflowPolicy
{
    /// <summary>Count and drop the newest frame (real-time sources: never stall the bus reader).</summary>
    Drop,
    /// <summary>Make the source wait (recorded sources: nothing is ever dropped).</summary>
    Block,
}

public sealed class SourceOptions
{
    public SourceKind Kind { get; set; } = SourceKind.Simulator;

    /// <summary>Playback speed for Replay and Simulator: 1 = real time, 10 = ten times faster, 0 = as fast as possible.</summary>
    [Range(0, 1e6)]
    public double Speed { get; set; } = 1;

    /// <summary>
    /// Replay and Simulator: frames due within this many milliseconds are handed over together, so a
    /// 1 kHz stream wakes the source and the scorer about 100 times a second instead of 1,000 (frames
    /// go out at most this much early; their timestamps are the data's). 0 = every frame on its own.
    /// </summary>
    [Range(0, 1000)]
    public double BurstMilliseconds { get; set; } = 10;

    public TimeSpan Burst => TimeSpan.FromMilliseconds(BurstMilliseconds);

    /// <summary>Replay: the CSV/.f32 file.</summary>
    public string Path { get; set; } = "";

    /// <summary>Replay/Stdin/Udp/Serial: channel names in order (Replay: columns to take; default = the bundle's channels).</summary>
    public string[] Columns { get; set; } = [];

    /// <summary>Replay: start again at the end of the file.</summary>
    public bool Loop { get; set; }

    /// <summary>Frames the queue between the source and the scorer holds (pre-allocated); unset: <see cref="EffectiveQueueFrames"/>.</summary>
    [Range(2, 1 << 20)]
    public int? QueueFrames { get; set; }

    /// <summary>
    /// The queue's size: QueueFrames when set, else 4096 frames (4 s at 1 kHz), and for Audio 4 s of sound
    /// (64,000 frames at 16 kHz, 768 KB mono): arecord hands over a 125 ms period at a time, and 4096
    /// frames would be 256 ms, so one slow window or a journal fsync would drop sound mid-window.
    /// </summary>
    public int EffectiveQueueFrames => QueueFrames ?? (Kind == SourceKind.Audio ? Math.Max(DefaultQueueFrames, 4 * Audio.RateHz) : DefaultQueueFrames);

    public const int DefaultQueueFrames = 4096;

    /// <summary>Default: Block for Replay and Stdin, Drop for live sources.</summary>
    public OverflowPolicy? Overflow { get; set; }

    /// <summary>Stop the daemon when a finite source (Replay without Loop, Stdin) ends.</summary>
    public bool StopAtEnd { get; set; } = true;

    [ValidateObjectMembers] public SimulatorOptions Simulator { get; set; } = new();
    [ValidateObjectMembers] public UdpOptions Udp { get; set; } = new();
    [ValidateObjectMembers] public SerialOptions Serial { get; set; } = new();
    [ValidateObjectMembers] public AudioOptions Audio { get; set; } = new();

    /// <summary>Chips: the sensor chips forming one frame (Source:Chips:0:Kind = Adxl345, …), validated by the drivers' ChipFactory.</summary>
    public List<Sensors.ChipOptions> Chips { get; set; } = [];
}

public sealed class SimulatorOptions
{
    [Range(0.1, 100000)]
    public double RateHz { get; set; } = 50;

    public int Seed { get; set; } = 1;

    /// <summary>Seconds of simulated time between injected faults; 0 = never.</summary>
    [Range(0, 1e6)]
    public double FaultEverySeconds { get; set; } = 60;

    /// <summary>Seconds each injected fault lasts.</summary>
    [Range(0.1, 3600)]
    public double FaultSeconds { get; set; } = 8;

    /// <summary>Faults to cycle through (BearingBurst, PressureDrop, Stuck, NaN); empty = all.</summary>
    public string[] Faults { get; set; } = [];

    /// <summary>Simulated seconds before the first fault (the model needs a clean start).</summary>
    [Range(0, 1e6)]
    public double FirstFaultAfterSeconds { get; set; } = 30;
}

public enum UdpFormat { Csv, Float32 }

public sealed class UdpOptions
{
    /// <summary>Address to bind; loopback by default so nothing on the plant network can inject data.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Bind { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 9870;

    public UdpFormat Format { get; set; } = UdpFormat.Csv;
}

public sealed class SerialOptions
{
    [Required(AllowEmptyStrings = false)]
    public string Port { get; set; } = "/dev/ttyAMA0";

    [Range(300, 4000000)]
    public int BaudRate { get; set; } = 115200;
}
