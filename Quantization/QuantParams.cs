using EdgeAE.Quantization.Calibration;

namespace EdgeAE.Quantization;

/// <summary>Element type of quantized activations.</summary>
public enum ActivationType
{
    /// <summary>uint8: what ORT's x64 kernels run (x64 converts int8 QDQ activations to uint8 anyway).</summary>
    UInt8,
    /// <summary>int8: kept as int8 by ORT on ARM (or with session.qdqisint8allowed=1).</summary>
    Int8,
}

/// <summary>Scale and zero point of one quantized tensor (q = round(x / scale) + zero point).</summary>
public readonly record struct QuantParams(float Scale, int ZeroPoint)
{
    /// <summary>
    /// Asymmetric activation parameters over a range that contains 0 (so 0 is exact: padding and ReLU
    /// saturate exactly at the zero point). A one-sided range [0, max] puts the zero point at the
    /// type's minimum, which is what lets a following ReLU be dropped.
    /// </summary>
    public static QuantParams Asymmetric(TensorRange range, ActivationType type)
    {
        (int qmin, int qmax) = type == ActivationType.UInt8 ? (0, 255) : (-128, 127);
        double lo = Math.Min(0, range.Min), hi = Math.Max(0, range.Max);
        double scale = (hi - lo) / (qmax - qmin);
        if (!(scale > 0) || !double.IsFinite(scale)) return new QuantParams(1f, type == ActivationType.UInt8 ? 0 : 0);
        int zp = (int)Math.Round(qmin - lo / scale, MidpointRounding.ToEven);
        return new QuantParams((float)scale, Math.Clamp(zp, qmin, qmax));
    }

    /// <summary>Symmetric weight scale over [−absMax, absMax] using ±<paramref name="qmax"/> (127 keeps −128 out so negation is exact).</summary>
    public static float SymmetricScale(float absMax, int qmax = 127) => absMax > 0 && float.IsFinite(absMax) ? absMax / qmax : 1f;

    public static sbyte QuantizeWeight(float w, float scale, int qmax = 127) => (sbyte)Math.Clamp(Math.Round(w / scale, MidpointRounding.ToEven), -qmax, qmax);

    public static int QuantizeBias(float b, double scale)
    {
        if (!(scale > 0)) return 0;
        double q = Math.Round(b / scale, MidpointRounding.ToEven);
        return (int)Math.Clamp(q, int.MinValue, int.MaxValue);
    }
}
