using System.Diagnostics;
using EdgeAE.Device.Sources;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Device.Models;

/// <summary>
/// Scores one built-in window with a bundle to prove it runs and yields a finite score before it
/// goes live. The window is simulator data when the bundle expects the simulator's channels,
/// otherwise each channel sits at its normalization offset (the training mean/minimum) — a
/// deterministic, plausible input for any bundle.
/// </summary>
public static class BundleSelfTest
{
    public readonly record struct Result(float Score, TimeSpan Elapsed, string Input);

    public static Result Run(Bundle bundle)
    {
        var m = bundle.Manifest;
        int c = m.ChannelCount;
        // Preprocessing stages see their warm-up first; the window then follows it.
        int n = m.PreprocessingWarmup() + m.Window;
        var frames = new float[n * c];
        string input;
        if (m.Channels.AsSpan().SequenceEqual(PumpSimulator.ChannelNames))
        {
            var sim = new PumpSimulator(new Options.SimulatorOptions { FaultEverySeconds = 0 });
            for (int t = 0; t < n; t++) sim.Next(frames.AsSpan(t * c, c));
            input = "simulator window";
        }
        else
        {
            for (int t = 0; t < n; t++)
                for (int ch = 0; ch < c; ch++)
                    frames[t * c + ch] = m.Normalization.Kind == NormalizationKind.None ? 0f : m.Normalization.Offset[ch];
            input = "window at the normalization offsets";
        }
        var sink = new LastScore();
        var sw = Stopwatch.StartNew();
        using (var scorer = new StreamingScorer(bundle, new ScorerOptions { Detect = false }, sink))
        {
            var t0 = DateTime.UnixEpoch;
            for (int t = 0; t < n; t++) scorer.Push(t0.AddSeconds(t), frames.AsSpan(t * c, c));
            scorer.Flush();
        }
        sw.Stop();
        if (sink.Count == 0) throw new BundleException("window", "the self-test window produced no score");
        if (!float.IsFinite(sink.Score)) throw new BundleException("model", $"the self-test window scores {sink.Score} (not finite)");
        return new Result(sink.Score, sw.Elapsed, input);
    }

    private sealed class LastScore : IScoreSink
    {
        public float Score;
        public int Count;
        public void OnWindow(in WindowScore score) { Score = score.RawScore; Count++; }
        public void OnEvent(in DetectorEvent e) { }
    }
}
