using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Device.Commissioning;

/// <summary>What the scoring thread needs from commissioning: see every window score, and learn when thresholds are ready to arm.</summary>
public interface ICommissioning
{
    /// <summary>A (new) scorer took over: disarm it while commissioning is collecting, re-apply calibrated thresholds when done.</summary>
    void Attach(StreamingScorer scorer);

    void OnWindow(float score, DateTime end);

    /// <summary>True once, when calibration has produced thresholds to arm with.</summary>
    bool TakeThresholds(out ThresholdSpec thresholds);

    string Summary(ThresholdSpec thresholds);

    /// <summary>Forgets the calibrated levels and collects again from now on (re-commission command).</summary>
    void Restart(StreamingScorer scorer);
}
