namespace EdgeAE.Runtime.Calibration;

/// <summary>Parameters of a threshold calibration. Only the ones the method uses are recorded in the manifest.</summary>
public sealed record CalibrationOptions
{
    public ThresholdMethod Method { get; init; } = ThresholdMethod.Quantile;
    /// <summary>quantile: the level q of the alarm threshold.</summary>
    public double Q { get; init; } = 0.999;
    /// <summary>sigma, mad: the multiplier k.</summary>
    public double K { get; init; } = 3;
    /// <summary>pot: the target probability that a normal score exceeds the alarm threshold.</summary>
    public double Risk { get; init; } = 1e-4;
    /// <summary>pot: level of the initial threshold the excesses are measured from.</summary>
    public double PotInitialLevel { get; init; } = 0.98;
    /// <summary>far: the allowed alarm episodes per day on normal data.</summary>
    public double FarPerDay { get; init; } = 1;
    /// <summary>far: time between consecutive windows (hop × sample period).</summary>
    public TimeSpan WindowPeriod { get; init; } = TimeSpan.Zero;
    /// <summary>Warning = ratio × alarm (0 &lt; ratio ≤ 1).</summary>
    public double WarningRatio { get; init; } = 0.8;
    /// <summary>Multiplies the method's alarm threshold (SKAB's Conv-AE uses 4/3 on the 0.999-quantile); 1 = none.</summary>
    public double Margin { get; init; } = 1;
    public int RaiseAfter { get; init; } = 1;
    public int ClearAfter { get; init; } = 1;
    /// <summary>Also initialise an adaptive (DSPOT) alarm level from the normal scores; null = static levels only.</summary>
    public AdaptiveThresholdOptions? Adaptive { get; init; }

    /// <summary>Throws <see cref="InvalidParameterException"/> naming the first out-of-range parameter by its property name.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Method)) throw new InvalidParameterException(nameof(Method), $"unknown threshold method {(int)Method}");
        if (!(Q > 0 && Q <= 1)) throw new InvalidParameterException(nameof(Q), $"must be in (0, 1], got {Q}");
        if (!(K >= 0) || !double.IsFinite(K)) throw new InvalidParameterException(nameof(K), $"must be finite and ≥ 0, got {K}");
        if (!(Risk > 0 && Risk < 1)) throw new InvalidParameterException(nameof(Risk), $"must be in (0, 1), got {Risk}");
        if (!(PotInitialLevel > 0 && PotInitialLevel < 1)) throw new InvalidParameterException(nameof(PotInitialLevel), $"must be in (0, 1), got {PotInitialLevel}");
        if (!(FarPerDay >= 0) || !double.IsFinite(FarPerDay)) throw new InvalidParameterException(nameof(FarPerDay), $"must be finite and ≥ 0, got {FarPerDay}");
        if (!(WarningRatio > 0 && WarningRatio <= 1)) throw new InvalidParameterException(nameof(WarningRatio), $"must be in (0, 1], got {WarningRatio}");
        if (!(Margin > 0) || !double.IsFinite(Margin)) throw new InvalidParameterException(nameof(Margin), $"must be finite and > 0, got {Margin}");
        if (RaiseAfter < 1) throw new InvalidParameterException(nameof(RaiseAfter), $"must be ≥ 1, got {RaiseAfter}");
        if (ClearAfter < 1) throw new InvalidParameterException(nameof(ClearAfter), $"must be ≥ 1, got {ClearAfter}");
        try
        {
            Adaptive?.Validate();
        }
        catch (InvalidParameterException e)
        {
            throw new InvalidParameterException($"{nameof(Adaptive)}.{e.Parameter}", e.Problem);
        }
    }
}
