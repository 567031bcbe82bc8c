namespace EdgeAE.Export.Evaluation;

/// <summary>
/// The largest buffer length L (rows) that VUS averages over, and where it came from. TSB-AD sets it to its
/// sliding window: <c>get_metrics(score, labels, slidingWindow=100)</c> by default, and in its benchmark
/// runs (<c>benchmark_exp/Run_Detector_M.py</c>, <c>Run_Detector_U.py</c>)
/// <c>slidingWindow = find_length_rank(data[:, 0], rank=1)</c>, the autocorrelation period of the first
/// channel (<see cref="AcfPeriod"/>).
/// </summary>
public readonly record struct VusBuffer(int MaxRows, string Source)
{
    /// <summary>TSB-AD's <c>get_metrics</c> default, for callers without the raw data.</summary>
    public static VusBuffer Default => new(100, "TSB-AD get_metrics default");

    /// <summary>TSB-AD's benchmark choice: the autocorrelation period of the first channel.</summary>
    public static VusBuffer FromFirstChannel(ReadOnlySpan<float> firstChannel, string channelName)
    {
        bool found = AcfPeriod.TryEstimate(firstChannel, out int period);
        return new VusBuffer(period, found
            ? $"TSB-AD's choice: the autocorrelation period of the first channel '{channelName}'"
            : $"TSB-AD's fallback: no autocorrelation period of the first channel '{channelName}' in 6–303 rows");
    }
}
