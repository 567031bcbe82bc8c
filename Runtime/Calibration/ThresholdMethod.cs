namespace EdgeAE.Runtime.Calibration;

/// <summary>How the alarm threshold is derived from scores.</summary>
public enum ThresholdMethod
{
    /// <summary>Empirical q-quantile of the normal scores.</summary>
    Quantile,
    /// <summary>mean + k·σ of the normal scores.</summary>
    Sigma,
    /// <summary>median + k·1.4826·MAD of the normal scores (robust σ).</summary>
    Mad,
    /// <summary>Peaks over threshold: generalized Pareto tail fitted to the normal scores, quantile at a target risk (SPOT).</summary>
    Pot,
    /// <summary>Threshold with the best point-wise F1 on labelled scores.</summary>
    F1,
    /// <summary>Lowest threshold whose simulated alarm-event rate on the normal scores stays within a budget per day.</summary>
    Far,
}

public static class ThresholdMethodNames
{
    public static string Name(ThresholdMethod method) => method switch
    {
        ThresholdMethod.Quantile => "quantile",
        ThresholdMethod.Sigma => "sigma",
        ThresholdMethod.Mad => "mad",
        ThresholdMethod.Pot => "pot",
        ThresholdMethod.F1 => "f1",
        ThresholdMethod.Far => "far",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown threshold method"),
    };

    /// <summary>Parses a method name (case-insensitive); unknown names throw an InputException listing the valid ones.</summary>
    public static ThresholdMethod Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "quantile" => ThresholdMethod.Quantile,
        "sigma" => ThresholdMethod.Sigma,
        "mad" => ThresholdMethod.Mad,
        "pot" or "evt" or "spot" => ThresholdMethod.Pot,
        "f1" => ThresholdMethod.F1,
        "far" => ThresholdMethod.Far,
        _ => throw new InputException($"unknown threshold method '{text}' (use quantile, sigma, mad, pot, f1 or far)"),
    };
}
