using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Streaming;

namespace EdgeAE.Runtime.Scoring;

/// <summary>Streams a recorded table through <see cref="StreamingScorer"/> (the device's code) and collects the results.</summary>
public static class OfflineScorer
{
    public static ScoreSeries Score(Bundle bundle, SensorTable table, ScorerOptions? options = null)
    {
        var m = bundle.Manifest;
        if (table.ChannelCount != m.ChannelCount)
            throw new FormatException($"{table.Source}: {table.ChannelCount} channels, the bundle expects {m.ChannelCount} ({string.Join(", ", m.Channels)})");
        var collector = new Collector(m.ChannelCount, WindowExtractor.ExpectedWindows(table.Rows, m.Window, m.Hop));
        // Rows the scorer accepted, in order: window end frames index into this.
        var acceptedRows = new List<int>(table.Rows);
        using var scorer = new StreamingScorer(bundle, options ?? ScorerOptions.Offline, collector);
        var period = table.SamplePeriod() ?? TimeSpan.FromSeconds(1);
        for (int r = 0; r < table.Rows; r++)
        {
            var result = scorer.Push(table.TimeOf(r, period), table.Row(r));
            if (result is PushResult.Accepted or PushResult.WindowReady) acceptedRows.Add(r);
        }
        scorer.Flush();
        return new ScoreSeries
        {
            Scores = collector.Scores.ToArray(),
            RawScores = collector.Raw.ToArray(),
            EndRows = collector.EndFrames.Select(f => acceptedRows[(int)f]).ToArray(),
            EndTimes = collector.EndTimes.ToArray(),
            Contributions = collector.Contributions.ToArray(),
            Events = collector.Events,
            Channels = m.ChannelCount,
            FramesRejected = scorer.FramesRejected,
            NonFiniteScores = scorer.NonFiniteScores,
        };
    }

    private sealed class Collector(int channels, int expected) : IScoreSink
    {
        public List<float> Scores { get; } = new(expected);
        public List<float> Raw { get; } = new(expected);
        public List<long> EndFrames { get; } = new(expected);
        public List<DateTime> EndTimes { get; } = new(expected);
        public List<float> Contributions { get; } = new(expected * channels);
        public List<DetectorEvent> Events { get; } = [];

        public void OnWindow(in WindowScore s)
        {
            Scores.Add(s.Score);
            Raw.Add(s.RawScore);
            EndFrames.Add(s.EndFrame);
            EndTimes.Add(s.End);
            foreach (var c in s.Contributions) Contributions.Add(c);
        }

        public void OnEvent(in DetectorEvent e) => Events.Add(e);
    }
}
