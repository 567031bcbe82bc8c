using System.Globalization;
using EdgeAE.Device.Pipeline;
using EdgeAE.Training;

namespace EdgeAE.Device.Learning;

/// <summary>
/// Training progress to the log and the journal (every epoch that improved, and at least every
/// tenth), and the memory cap after every epoch: over it, the run is cancelled.
/// </summary>
internal sealed class LearnProgress(EventReporter reporter, TrainingMemoryGuard memory, CancellationTokenSource abort, Action<EpochReport>? observer) : IProgress<EpochReport>
{
    public EpochReport Last { get; private set; }

    public void Report(EpochReport r)
    {
        Last = r;
        observer?.Invoke(r);
        if (memory.Check(r.Epoch)) abort.Cancel();
        if (!r.Improved && r.Epoch % Math.Max(1, r.MaxEpochs / 10) != 0 && r.Epoch != r.MaxEpochs) return;
        reporter.Note("learn-epoch", string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}/{r.MaxEpochs}: train loss {r.TrainLoss:G4}, validation loss {r.ValLoss:G4} (best {r.BestValLoss:G4}), {r.WindowsPerSecond:F0} windows/s, ETA {r.EstimatedRemaining:hh\\:mm\\:ss}"));
    }
}
