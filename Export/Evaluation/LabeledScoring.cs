using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Evaluation;

/// <summary>A labelled table scored by the Runtime's streaming scorer, mapped to per-row point scores.</summary>
public sealed class LabeledScoring
{
    public required SensorTable Table { get; init; }
    public required ScoreSeries Series { get; init; }
    /// <summary>
    /// Per row: the minimum score of the windows covering it (NaN = no covering window). With an
    /// adaptive threshold the scores are margins over the alarm level each window was judged
    /// against (score − level), and the flag level is 0 (<see cref="FlagLevel"/>).
    /// </summary>
    public required float[] PointScores { get; init; }
    /// <summary>True when the bundle's adaptive threshold judged the windows (point scores are margins).</summary>
    public bool Adaptive { get; init; }
    public required bool[] Labels { get; init; }
    /// <summary>Per row: its timestamp (rows without a time column count at the data's period from the epoch).</summary>
    public required DateTime[] RowTimes { get; init; }

    /// <summary>The level a point score is flagged above: the alarm level, or 0 for adaptive margins.</summary>
    public double FlagLevel(double alarm) => Adaptive ? 0 : alarm;

    /// <summary>The detector's alarm episodes (bundle thresholds and hysteresis) matched against the labelled events.</summary>
    public DetectorEpisodes Episodes() => DetectorEpisodes.Match(Series.Events, Labels, RowTimes);

    /// <summary>TSB-AD's VUS buffer for this data: the autocorrelation period of its first channel.</summary>
    public VusBuffer TsbVusBuffer()
    {
        var first = new float[Table.Rows];
        for (int r = 0; r < first.Length; r++) first[r] = Table.Values[r * Table.ChannelCount];
        return VusBuffer.FromFirstChannel(first, Table.Channels[0]);
    }

    /// <summary>Scores <paramref name="table"/> (which must carry labels) with <paramref name="bundle"/>.</summary>
    public static LabeledScoring Score(Bundle bundle, SensorTable table, ScorerOptions? options = null)
    {
        if (table.Labels is null)
            throw new InputException(table.Source, "no label column (name it with --label-column)");
        options ??= ScorerOptions.Offline;
        var series = OfflineScorer.Score(bundle, table, options);
        var period = table.SamplePeriod() ?? TimeSpan.FromSeconds(1);
        bool adaptive = options.Detect && options.AdaptiveThreshold && bundle.Manifest.Thresholds?.Adaptive is not null;
        var windowScores = series.Scores;
        if (adaptive)
        {
            windowScores = new float[series.Count];
            for (int i = 0; i < windowScores.Length; i++) windowScores[i] = (float)(series.Scores[i] - series.AlarmLevels[i]);
        }
        return new LabeledScoring
        {
            Table = table,
            Series = series,
            Adaptive = adaptive,
            PointScores = Evaluation.PointScores.FromWindows(windowScores, series.EndRows, bundle.Manifest.Window, table.Rows),
            Labels = Evaluation.PointScores.Labels(table.Labels),
            RowTimes = Enumerable.Range(0, table.Rows).Select(r => table.TimeOf(r, period)).ToArray(),
        };
    }
}
