using EdgeAE.Runtime.Detection;

namespace EdgeAE.Runtime.Scoring;

/// <summary>All window scores of a recorded table, as the device would have produced them.</summary>
public sealed class ScoreSeries
{
    public required float[] Scores { get; init; }
    public required float[] RawScores { get; init; }
    /// <summary>Table row of each window's last frame.</summary>
    public required int[] EndRows { get; init; }
    public required DateTime[] EndTimes { get; init; }
    /// <summary>Per window, each channel's share of the error (Count × Channels).</summary>
    public required float[] Contributions { get; init; }
    public required List<DetectorEvent> Events { get; init; }
    /// <summary>Per window, each channel's error before standardization (Count × Channels).</summary>
    public float[] ChannelErrors { get; init; } = [];
    /// <summary>Per window, the alarm level it was judged against (NaN when not armed; varies with an adaptive threshold).</summary>
    public double[] AlarmLevels { get; init; } = [];
    /// <summary>Per window, the warning level it was judged against.</summary>
    public double[] WarningLevels { get; init; } = [];
    /// <summary>The detector's level after each window (all Normal when not armed).</summary>
    public AlertLevel[] Levels { get; init; } = [];
    /// <summary>Input drift state changes, in order.</summary>
    public List<DriftEvent> DriftEvents { get; init; } = [];
    public required int Channels { get; init; }
    public long FramesRejected { get; init; }
    public long NonFiniteScores { get; init; }

    public int Count => Scores.Length;
    public double Mean => Count == 0 ? double.NaN : Scores.Average(s => (double)s);
    public double Max => Count == 0 ? double.NaN : Scores.Max();
}
