namespace EdgeAE.Quantization.Calibration;

/// <summary>How an activation's quantization range is chosen from calibration data.</summary>
public enum CalibrationMethod
{
    /// <summary>Observed minimum and maximum (optionally a moving average of per-batch extremes).</summary>
    MinMax,
    /// <summary>Clip both tails at a percentile of the value histogram.</summary>
    Percentile,
    /// <summary>The clipping threshold whose quantized histogram is closest in KL divergence (TensorRT-style).</summary>
    Entropy,
}

/// <summary>A real-valued range [Min, Max] an activation is quantized over.</summary>
public readonly record struct TensorRange(float Min, float Max)
{
    public static TensorRange Empty => new(float.PositiveInfinity, float.NegativeInfinity);
    public bool IsEmpty => Min > Max;
}
