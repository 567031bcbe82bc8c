using EdgeAE.Runtime.Detection;

namespace EdgeAE.Runtime.Scoring;

/// <summary>Receives scores and detector events synchronously on the scoring thread. An interface, not delegates: no closure allocations.</summary>
public interface IScoreSink
{
    void OnWindow(in WindowScore score);

    void OnEvent(in DetectorEvent e);

    /// <summary>A channel's input drift state changed (bundles with a <c>drift</c> spec). Ignored unless overridden.</summary>
    void OnDrift(in DriftEvent e) { }
}
