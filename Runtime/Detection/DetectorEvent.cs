namespace EdgeAE.Runtime.Detection;

/// <summary>
/// A detector state change. A value type with the top channels inline, so raising an alarm
/// allocates nothing on the scoring path.
/// </summary>
public readonly record struct DetectorEvent(
    DetectorEventKind Kind,
    AlertLevel Level,
    AlertLevel PreviousLevel,
    DateTime EpisodeStart,
    DateTime At,
    float PeakScore,
    float Score,
    long Windows,
    int Top1,
    int Top2,
    int Top3)
{
    public TimeSpan Duration => At - EpisodeStart;

    /// <summary>Indices of up to three channels that contributed most to the episode's error (−1 = none).</summary>
    public int TopChannel(int rank) => rank switch { 0 => Top1, 1 => Top2, 2 => Top3, _ => -1 };
}
