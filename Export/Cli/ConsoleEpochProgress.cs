using System.Globalization;
using EdgeAE.Training;

namespace EdgeAE.Export.Cli;

/// <summary>
/// Synchronous epoch progress (Progress&lt;T&gt; would post to the thread pool and reorder lines):
/// a live, redrawn bar on a terminal, or one plain line per epoch for logs and pipes.
/// </summary>
public sealed class ConsoleEpochProgress(TextWriter writer, bool live) : IProgress<EpochReport>
{
    private const int BarWidth = 24;
    private int lastLength;

    public void Report(EpochReport r)
    {
        string stats = string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}/{r.MaxEpochs}  loss {r.TrainLoss:F5}  val {r.ValLoss:F5}{(r.Improved ? "*" : " ")}  best {r.BestValLoss:F5}  {r.WindowsPerSecond:F0} win/s");
        if (!live)
        {
            writer.WriteLine(stats + $"  elapsed {Format(r.Elapsed)}");
            writer.Flush();
            return;
        }
        int filled = (int)Math.Round(BarWidth * (double)r.Epoch / r.MaxEpochs);
        string line = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {stats}  ETA ≤{Format(r.EstimatedRemaining)}";
        writer.Write("\r" + line + new string(' ', Math.Max(0, lastLength - line.Length)));
        lastLength = line.Length;
        writer.Flush();
    }

    /// <summary>Ends the live line so later output starts on a fresh one.</summary>
    public void Finish()
    {
        if (live && lastLength > 0) writer.WriteLine();
        lastLength = 0;
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
