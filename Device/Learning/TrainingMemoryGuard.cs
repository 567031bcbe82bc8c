using System.Globalization;

namespace EdgeAE.Device.Learning;

/// <summary>
/// The memory cap while a training runs. The estimate (<see cref="LearnMemory"/>) refuses a run
/// before it starts; this checks what the process's managed heap has really grown by since the
/// run began, after every epoch, because an estimate can be wrong and the board has no swap to
/// spare for the scoring thread. .NET has no per-thread cap, so the growth of the whole heap is the
/// honest measure (the scoring thread allocates nothing per window, so the growth is the trainer's).
/// </summary>
internal sealed class TrainingMemoryGuard(long capBytes)
{
    private readonly long baseline = GC.GetTotalMemory(forceFullCollection: false);

    /// <summary>The one-line reason once the cap was exceeded (null while within it).</summary>
    public string? Exceeded { get; private set; }

    /// <summary>Bytes the managed heap grew by since the run began.</summary>
    public long Growth => GC.GetTotalMemory(forceFullCollection: false) - baseline;

    /// <summary>True (and <see cref="Exceeded"/> set) when the heap grew past the cap.</summary>
    public bool Check(int epoch)
    {
        long growth = Growth;
        if (growth <= capBytes) return false;
        // A collection first: garbage is not a reason to abort hours of recording.
        growth = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        if (growth <= capBytes) return false;
        Exceeded = string.Create(CultureInfo.InvariantCulture,
            $"training aborted after epoch {epoch}: it holds {growth / 1048576.0:F0} MiB, over Model:Learn:MaxTrainingMemoryBytes ({capBytes / 1048576.0:F0} MiB); the recording is kept: record fewer rows, raise Recipe:Hop or the cap, then relearn");
        return true;
    }
}
