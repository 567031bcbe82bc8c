using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Streaming;

namespace EdgeAE.Runtime.Scoring;

/// <summary>Streams a recorded table through <see cref="StreamingScorer"/> (the device's code) and collects the results.</summary>
public static class OfflineScorer
{
    /// <param name="arming">
    /// Optional: arm the detector with these thresholds just before the given row, as the device
    /// does when commissioning ends (the rows before it are scored but not judged, and the stages
    /// carry on without a break). Without it the bundle's own thresholds apply from the first row.
    /// </param>
    public static ScoreSeries Score(Bundle bundle, SensorTable table, ScorerOptions? options = null, Arming? arming = null)
    {
        var m = bundle.Manifest;
        if (table.ChannelCount != m.ChannelCount)
            throw new InputException(table.Source, $"{table.ChannelCount} channels, the bundle expects {m.ChannelCount} ({string.Join(", ", m.Channels)})");
        SampleRateCheck.Require(table, m);
        var collector = new Collector(m.ChannelCount, WindowExtractor.ExpectedWindows(table.Rows, m.Window, m.Hop, m.PreprocessingWarmup()));
        // Rows the scorer accepted, in order: window end frames index into this.
        var acceptedRows = new List<int>(table.Rows);
        using var scorer = new StreamingScorer(bundle, options ?? ScorerOptions.Offline, collector);
        var period = table.SamplePeriod() ?? TimeSpan.FromSeconds(1);
        for (int r = 0; r < table.Rows; r++)
        {
            if (arming is not null && r == arming.Row)
            {
                // The device scores each window as it completes: judge nothing from before arming.
                scorer.Flush();
                scorer.SetThresholds(arming.Thresholds);
            }
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
            ChannelErrors = collector.ChannelErrors.ToArray(),
            AlarmLevels = collector.Alarm.ToArray(),
            WarningLevels = collector.Warning.ToArray(),
            DriftEvents = collector.Drift,
            Levels = collector.Levels(),
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
        public List<float> ChannelErrors { get; } = new(expected * channels);
        public List<double> Alarm { get; } = new(expected);
        public List<double> Warning { get; } = new(expected);
        public List<DriftEvent> Drift { get; } = [];

        public void OnWindow(in WindowScore s)
        {
            foreach (var e in s.ChannelErrors) ChannelErrors.Add(e);
            Alarm.Add(s.AlarmLevel);
            Warning.Add(s.WarningLevel);
            Scores.Add(s.Score);
            Raw.Add(s.RawScore);
            EndFrames.Add(s.EndFrame);
            EndTimes.Add(s.End);
            foreach (var c in s.Contributions) Contributions.Add(c);
        }

        private readonly List<(int Window, AlertLevel Level)> changes = [];

        public void OnEvent(in DetectorEvent e)
        {
            Events.Add(e);
            // Raised while the window just reported is judged.
            changes.Add((Scores.Count - 1, e.Level));
        }

        /// <summary>The detector's level after each window.</summary>
        public AlertLevel[] Levels()
        {
            var levels = new AlertLevel[Scores.Count];
            int next = 0;
            var level = AlertLevel.Normal;
            for (int i = 0; i < levels.Length; i++)
            {
                while (next < changes.Count && changes[next].Window == i) level = changes[next++].Level;
                levels[i] = level;
            }
            return levels;
        }

        public void OnDrift(in DriftEvent e) => Drift.Add(e);
    }
}
