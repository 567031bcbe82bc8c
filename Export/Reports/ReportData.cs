using EdgeAE.Export.Evaluation;

namespace EdgeAE.Export.Reports;

/// <summary>Everything a report shows: the window scores over time, the labelled rows, the thresholds and the metrics.</summary>
public sealed class ReportData
{
    /// <summary>What was evaluated (data file and bundle), for titles.</summary>
    public required string Title { get; init; }
    public required string Bundle { get; init; }
    public required string Data { get; init; }
    public required double Warning { get; init; }
    public required double Alarm { get; init; }
    /// <summary>Window scores and the table row each window ends at.</summary>
    public required float[] WindowScores { get; init; }
    public required int[] WindowEndRows { get; init; }
    /// <summary>Per row: point score (NaN = no covering window), label and timestamp.</summary>
    public required float[] PointScores { get; init; }
    public required bool[] Labels { get; init; }
    public required DateTime[] RowTimes { get; init; }
    public required EvaluationResult Evaluation { get; init; }
    /// <summary>The detector's alarm episodes on this data (with the bundle's hysteresis); null for an uncalibrated bundle.</summary>
    public DetectorEpisodes? Detector { get; init; }
    /// <summary>The bundle's calibration sentence, if it has one.</summary>
    public string? CalibrationReason { get; init; }
}
