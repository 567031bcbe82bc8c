namespace EdgeAE.Runtime.Calibration;

/// <summary>How to initialise the adaptive (DSPOT) alarm level from normal scores; see <see cref="AdaptiveThresholdFit"/>.</summary>
public sealed record AdaptiveThresholdOptions
{
    /// <summary>q: probability that a normal window's excess over the local mean exceeds the alarm level.</summary>
    public double Risk { get; init; } = 1e-3;
    /// <summary>d: normal windows in the local mean.</summary>
    public int Depth { get; init; } = 50;
    /// <summary>Quantile level of the initial threshold t (lowered automatically so at least <see cref="PeaksOverThreshold.MinExcesses"/> peaks exist).</summary>
    public double InitialLevel { get; init; } = 0.98;
    public int MaxPeaks { get; init; } = 500;
    public int RefitEvery { get; init; } = 1;
    /// <summary>Warning = local mean + ratio × alarm excess.</summary>
    public double WarningRatio { get; init; } = 0.8;

    /// <summary>Throws <see cref="InvalidParameterException"/> naming the first out-of-range parameter by its property name.</summary>
    public void Validate()
    {
        if (!(Risk > 0 && Risk < 1)) throw new InvalidParameterException(nameof(Risk), $"must be in (0, 1), got {Risk}");
        if (Depth < 1 || Depth > 100_000) throw new InvalidParameterException(nameof(Depth), $"must be in 1..100000 windows, got {Depth}");
        if (!(InitialLevel > 0 && InitialLevel < 1)) throw new InvalidParameterException(nameof(InitialLevel), $"must be in (0, 1), got {InitialLevel}");
        if (MaxPeaks < 10 || MaxPeaks > 100_000) throw new InvalidParameterException(nameof(MaxPeaks), $"must be in 10..100000, got {MaxPeaks}");
        if (RefitEvery < 1) throw new InvalidParameterException(nameof(RefitEvery), $"must be ≥ 1 peak, got {RefitEvery}");
        if (!(WarningRatio > 0 && WarningRatio <= 1)) throw new InvalidParameterException(nameof(WarningRatio), $"must be in (0, 1], got {WarningRatio}");
    }
}
