using EdgeAE.Device.Alerts;
using EdgeAE.Device.Journal;
using EdgeAE.Runtime.Detection;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Pipeline;

/// <summary>
/// The one place an event becomes visible: journal line (fsynced), log line and, when configured,
/// the "journaled &lt;seq&gt;" acknowledgement on stdout that scripts and tests rely on.
/// </summary>
public sealed class EventReporter
{
    private readonly EventJournal journal;
    private readonly ILogger logger;
    private readonly bool acknowledge;

    public EventReporter(EventJournal journal, ILogger logger, bool acknowledge)
    {
        this.journal = journal;
        this.logger = logger;
        this.acknowledge = acknowledge;
    }

    public long Events { get; private set; }

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
            At = e.At,
            Kind = kind,
            Level = Name(e.Level),
            Previous = Name(e.PreviousLevel),
            EpisodeStart = e.EpisodeStart,
            DurationSeconds = Math.Round(e.Duration.TotalSeconds, 3),
            PeakScore = e.PeakScore,
            Windows = e.Windows,
            Top = top,
            Model = model,
            Message = reason,
        };
        long seq = Write(entry);
        string topText = top.Length > 0 ? $" (top: {string.Join(", ", top)})" : "";
        if (e.Kind == DetectorEventKind.Cleared)
            logger.LogWarning("#{Seq} {Level} cleared after {Duration:0.#} s, peak score {Peak:G4}{Reason}", seq, Name(e.PreviousLevel).ToUpperInvariant(), e.Duration.TotalSeconds, e.PeakScore, reason is null ? "" : $" ({reason})");
        else
            logger.LogWarning("#{Seq} {Level} {Kind}: score {Score:G4}{Top}", seq, Name(e.Level).ToUpperInvariant(), kind, e.Score, topText);
    }

    public void SensorFault(in SensorFaultChange change, DateTime at)
    {
        long seq = Write(new JournalEntry
        {
            At = at,
            Kind = change.Active ? "sensor-fault" : "sensor-ok",
            Sensor = change.Sensor,
            Fault = change.Kind.Name(),
            Message = change.Message,
        });
        if (change.Active)
            logger.LogWarning("#{Seq} SENSOR FAULT ({Kind}): {Message}; scoring suspended", seq, change.Kind.Name(), change.Message);
        else
            logger.LogWarning("#{Seq} sensor fault cleared: {Message}; scoring resumes", seq, change.Message);
    }

    /// <summary>Model, commissioning and lifecycle events.</summary>
    public long Note(string kind, string message, string? model = null)
    {
        long seq = Write(new JournalEntry { At = DateTime.UtcNow, Kind = kind, Message = message, Model = model });
        logger.LogInformation("#{Seq} {Kind}: {Message}", seq, kind, message);
        return seq;
    }

    private long Write(JournalEntry entry)
    {
        long seq = journal.Append(entry);
        Events++;
        if (acknowledge)
        {
            // After the fsync: whoever reads this line may rely on the event being on disk.
            Console.Out.WriteLine($"journaled {seq}");
            Console.Out.Flush();
        }
        return seq;
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
