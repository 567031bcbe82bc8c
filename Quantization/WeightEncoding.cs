namespace EdgeAE.Quantization;

/// <summary>
/// How the symmetric 8-bit weights are stored, which decides the integer kernels ONNX Runtime runs.
/// All three compute exact integer products on ARM and on x64 CPUs with VNNI; they differ on x64
/// without VNNI (AVX2, AVX-512 without VNNI), where ORT's uint8 × int8 (U8S8) kernels add pairs of
/// products in saturating 16-bit lanes (see U8S8Saturation in edgeae's validator).
/// </summary>
public enum WeightEncoding
{
    /// <summary>
    /// int8 in ±127, zero point 0: ORT's fastest kernels on ARM (ConvSym, X8S8). Exact in EdgeAE's
    /// sessions everywhere; plain ORT sessions on x64 without VNNI may saturate.
    /// </summary>
    Int8,
    /// <summary>
    /// The int8 values + 128 stored as uint8 with zero point 128: the same products, run by ORT's
    /// U8U8 kernels, which are exact on every x64 CPU whatever the session's settings; a Cortex-A53
    /// pays 13–39 % more instructions per window for them (the A76 the same as int8).
    /// </summary>
    UInt8,
    /// <summary>int8 within ±64 (ORT's reduce_range): exact on every CPU in any int8 runtime, at half the weight resolution.</summary>
    Int7,
}

/// <summary>The names <see cref="WeightEncoding"/> has on the command line and in the manifest.</summary>
public static class WeightEncodings
{
    public static string Name(WeightEncoding e) => e switch
    {
        WeightEncoding.UInt8 => "uint8",
        WeightEncoding.Int8 => "int8",
        WeightEncoding.Int7 => "int7",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, null),
    };

    public static IReadOnlyList<string> Names { get; } = ["int8", "uint8", "int7"];

    public static WeightEncoding Parse(string name) => name switch
    {
        "uint8" => WeightEncoding.UInt8,
        "int8" => WeightEncoding.Int8,
        "int7" => WeightEncoding.Int7,
        _ => throw new ArgumentException($"weights must be one of {string.Join(", ", Names)}, got '{name}'", nameof(name)),
    };

    /// <summary>The largest |weight| the encoding stores.</summary>
    public static int MaxMagnitude(WeightEncoding e) => e == WeightEncoding.Int7 ? 64 : 127;
}
