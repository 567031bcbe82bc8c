using EdgeAE.Device.Journal;
using EdgeAE.Runtime.Detection;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Pipeline;

/// <summary>
/// The one place an event becomes visible: journal line (fsynced), log line and, when configured,
/// the "journaled &lt;seq&gt;" acknowledgement on stdout that scripts and tests rely on. Detector and
/// sensor events carry stream times; the journal gets their wall-clock times (<see cref="StreamClock.WallOf"/>).
/// When the journal cannot be written (disk full, read-only state directory) the failure is logged once,
/// events are held in memory in order and written, with their acknowledgements, as soon as the journal
/// takes writes again; scoring and the outputs never wait for it.
/// </summary>
public sealed class EventReporter
{
    /// <summary>Events held while the journal is unwritable; beyond this the oldest unwritten ones are dropped (and counted).</summary>
    public const int MaxHeld = 10_000;

    private readonly EventJournal journal;
    private readonly ILogger logger;
    private readonly bool acknowledge;
    private readonly StreamClock clock;
    private readonly Queue<JournalEntry> held = new();
    private readonly object gate = new();
    private bool recordedTime;

    public EventReporter(EventJournal journal, ILogger logger, bool acknowledge, StreamClock clock)
    {
        this.journal = journal;
        this.logger = logger;
        this.acknowledge = acknowledge;
        this.clock = clock;
        if (journal.Problem is { } problem)
            logger.LogError("journal: cannot open {Path}: {Problem}; events are held in memory and written when it becomes writable", journal.ActivePath, problem);
    }

    public long Events { get; private set; }

    /// <summary>Events not yet in the journal because it could not be written.</summary>
    public int Held { get { lock (gate) return held.Count; } }

    /// <summary>Unwritten events dropped because more than <see cref="MaxHeld"/> piled up.</summary>
    public long Dropped { get; private set; }

    /// <summary>True while the journal takes writes.</summary>
    public bool JournalWritable { get { lock (gate) return held.Count == 0 && journal.Problem is null; } }

    /// <summary>Set when the source replays recorded timestamps: those are shown as they are.</summary>
    public void UseRecordedTime(bool recorded) => recordedTime = recorded;

    public void Detector(in DetectorEvent e, IReadOnlyList<string> channels, string? model, string? reason = null)
    {
        string[] top = Top(e, channels);
        string kind = e.Kind switch
        {
            DetectorEventKind.Raised => "raised",
            DetectorEventKind.Escalated => "escalated",
            _ => "cleared",
        };
        var entry = new JournalEntry
        {
            At = Wall(e.At),
            Kind = kind,
            Level = Name(e.Level),
            Previous = Name(e.PreviousLevel),
            EpisodeStart = Wall(e.EpisodeStart),
            DurationSeconds = Math.Round(e.Duration.TotalSeconds, 3),
            PeakScore = e.PeakScore,
            Windows = e.Windows,
            Top = top,
            Model = model,
            Message = reason,
        };
        string seq = Write(entry);
        string topText = top.Length > 0 ? $" (top: {string.Join(", ", top)})" : "";
        if (e.Kind == DetectorEventKind.Cleared)
            logger.LogWarning("#{Seq} {Level} cleared after {Duration:0.#} s, peak score {Peak:G4}{Reason}", seq, Name(e.PreviousLevel).ToUpperInvariant(), e.Duration.TotalSeconds, e.PeakScore, reason is null ? "" : $" ({reason})");
        else
            logger.LogWarning("#{Seq} {Level} {Kind}: score {Score:G4}{Top}", seq, Name(e.Level).ToUpperInvariant(), kind, e.Score, topText);
    }

    public void SensorFault(in SensorFaultChange change, DateTime at)
    {
        string seq = Write(new JournalEntry
        {
            At = Wall(at),
            Kind = change.Active ? "sensor-fault" : "sensor-ok",
            Sensor = change.Sensor,
            Fault = Sensors.SensorFaultKinds.Name(change.Kind),
            Message = change.Message,
        });
        if (change.Active)
            logger.LogWarning("#{Seq} SENSOR FAULT ({Kind}): {Message}; scoring suspended", seq, Sensors.SensorFaultKinds.Name(change.Kind), change.Message);
        else
            logger.LogWarning("#{Seq} sensor fault cleared: {Message}; scoring resumes", seq, change.Message);
    }

    /// <summary>
    /// A channel's input drifted away from the data the model was calibrated on, or came back. Not an
    /// alarm: the machine may be healthy and its normal state moved (season, setpoint, maintenance);
    /// if it is, recommission (or relearn) so the model's idea of normal follows.
    /// </summary>
    public void Drift(in DriftEvent e, IReadOnlyList<string> channels, string? model)
    {
        var c = e.Change;
        string channel = c.Channel < channels.Count ? channels[c.Channel] : $"#{c.Channel}";
        string direction = c.Direction > 0 ? "up" : c.Direction < 0 ? "down" : "back";
        string seq = Write(new JournalEntry
        {
            At = Wall(e.At),
            Kind = e.Started ? "drift" : "drift-cleared",
            Channel = channel,
            Direction = e.Started ? direction : null,
            Shift = Math.Round(c.Shift, 2),
            Model = model,
            Message = e.Started
                ? $"{channel} moved {direction} by {Math.Abs(c.Shift):0.0} σ of the calibration data over {c.Frames} frames; if the machine is healthy, recommission"
                : $"{channel} is back near the calibration data",
        });
        if (e.Started)
            logger.LogWarning("#{Seq} DRIFT: {Channel} moved {Direction} by {Shift:0.0} σ of the calibration data (not an alarm; recommission if the machine is healthy)", seq, channel, direction, Math.Abs(c.Shift));
        else
            logger.LogInformation("#{Seq} drift cleared: {Channel} is back near the calibration data", seq, channel);
    }

    /// <summary>Model, commissioning and lifecycle events, stamped with the wall clock now.</summary>
    public void Note(string kind, string message, string? model = null)
    {
        string seq = Write(new JournalEntry { At = clock.WallNow, Kind = kind, Message = message, Model = model });
        logger.LogInformation("#{Seq} {Kind}: {Message}", seq, kind, message);
    }

    /// <summary>Writes held events if the journal takes writes again (called with every event and periodically).</summary>
    public void RetryHeld()
    {
        lock (gate) Drain();
    }

    private DateTime Wall(DateTime streamTime) => recordedTime ? streamTime : clock.WallOf(streamTime);

    /// <summary>Journals the entry (after any held ones); returns its sequence number as text, or "held" when it waits in memory.</summary>
    private string Write(JournalEntry entry)
    {
        lock (gate)
        {
            Events++;
            if (held.Count >= MaxHeld)
            {
                held.Dequeue();
                Dropped++;
            }
            held.Enqueue(entry);
            Drain();
            return held.Count == 0 ? entry.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : "held";
        }
    }

    private void Drain()
    {
        bool wasFailing = journal.Problem is not null;
        int before = held.Count;
        while (held.Count > 0)
        {
            long seq;
            try
            {
                seq = journal.Append(held.Peek());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!wasFailing)
                    logger.LogError("journal: cannot write {Path}: {Problem}; scoring and outputs go on, events are held in memory (at most {Max}) until it is writable",
                        journal.ActivePath, e.Message, MaxHeld);
                return;
            }
            held.Dequeue();
            if (acknowledge)
            {
                // After the fsync: whoever reads this line may rely on the event being on disk.
                Console.Out.WriteLine($"journaled {seq}");
                Console.Out.Flush();
            }
        }
        if (wasFailing)
            logger.LogWarning("journal: writable again; wrote {Count} held event(s){Dropped}", before, Dropped > 0 ? $", {Dropped} dropped while it was not" : "");
    }

    private static string[] Top(in DetectorEvent e, IReadOnlyList<string> channels)
    {
        var list = new List<string>(3);
        for (int r = 0; r < 3; r++)
        {
            int c = e.TopChannel(r);
            if (c >= 0 && c < channels.Count) list.Add(channels[c]);
        }
        return list.ToArray();
    }

    public static string Name(AlertLevel level) => level switch
    {
        AlertLevel.Warning => "warning",
        AlertLevel.Alarm => "alarm",
        _ => "normal",
    };
}
