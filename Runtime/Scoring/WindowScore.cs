namespace EdgeAE.Runtime.Scoring;

/// <summary>One scored window. A ref struct: the contributions span points into the scorer's buffer and is valid only during the callback.</summary>
public readonly ref struct WindowScore
{
    public WindowScore(long index, DateTime start, DateTime end, long endFrame, float score, float rawScore, ReadOnlySpan<float> contributions,
        ReadOnlySpan<float> channelErrors = default, double warningLevel = double.NaN, double alarmLevel = double.NaN)
    {
        ChannelErrors = channelErrors;
        WarningLevel = warningLevel;
        AlarmLevel = alarmLevel;
        Index = index;
        Start = start;
        End = end;
        EndFrame = endFrame;
        Score = score;
        RawScore = rawScore;
        Contributions = contributions;
    }

    /// <summary>0-based window number since the scorer started.</summary>
    public long Index { get; }
    public DateTime Start { get; }
    public DateTime End { get; }
    /// <summary>0-based index among accepted frames of the window's last frame.</summary>
    public long EndFrame { get; }
    /// <summary>The score the detector sees (after the manifest's smoothing).</summary>
    public float Score { get; }
    /// <summary>The window's reconstruction error before smoothing.</summary>
    public float RawScore { get; }
    /// <summary>Each channel's share of the window's error (sums to 1).</summary>
    public ReadOnlySpan<float> Contributions { get; }
    /// <summary>Each channel's error (mean over time, before any per-channel standardization).</summary>
    public ReadOnlySpan<float> ChannelErrors { get; }
    /// <summary>The warning level this window was judged against (NaN when the detector is not armed).</summary>
    public double WarningLevel { get; }
    /// <summary>The alarm level this window was judged against (NaN when the detector is not armed).</summary>
    public double AlarmLevel { get; }
}
