using EdgeAE.Learning;

namespace EdgeAE.Device.Learning;

/// <summary>
/// Moves a finished learn session (recording, learned bundle, markers) to <c>previous/</c> before a
/// relearn, replacing the one kept there: the armed model's provenance names that recording, so it
/// stays on the board for `edgeae learn --from` until the next model is learned. The markers move
/// last, so a power cut half-way leaves a finished session (which a relearn can retire again), never
/// a recording that looks unfinished and would be trained on with the wrong rows.
/// </summary>
internal static class LearnArchive
{
    public const string PreviousDirectory = "previous";

    private static readonly string[] Order =
    [
        RecordingLayout.DataFile, RecordingLayout.FaultFile, RecordingLayout.HeaderFile,
        OnBoardLearner.LearnedBundle, OnBoardLearner.DoneMarker, OnBoardLearner.RefusedMarker,
    ];

    /// <summary>Returns the directory the session went to.</summary>
    public static string Retire(string directory)
    {
        string previous = Path.Combine(directory, PreviousDirectory);
        if (Directory.Exists(previous)) Directory.Delete(previous, recursive: true);
        Directory.CreateDirectory(previous);
        foreach (string name in Order)
        {
            string from = Path.Combine(directory, name);
            if (File.Exists(from)) File.Move(from, Path.Combine(previous, name));
        }
        return previous;
    }
}
