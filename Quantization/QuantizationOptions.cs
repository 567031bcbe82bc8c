using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization.Calibration;

namespace EdgeAE.Quantization;

/// <summary>What happens to the layer that produces the reconstruction.</summary>
public enum OutputLayerPolicy
{
    /// <summary>
    /// Conv output layers quantize their output too (QLinearConv needs it); Gemm/MatMul output layers keep
    /// a float output (ORT runs them as QGemm / MatMulIntegerToFloat with int8 weights and inputs).
    /// </summary>
    Auto,
    /// <summary>Quantize the final layer's output as well.</summary>
    Quantize,
    /// <summary>Leave the final weighted layer entirely in float.</summary>
    Float,
}

/// <summary>Settings of <see cref="Int8Quantizer"/>.</summary>
public sealed record QuantizationOptions
{
    public CalibrationMethod Method { get; init; } = CalibrationMethod.MinMax;
    /// <summary>Percentile (e.g. 99.99) kept by the percentile method; both tails are clipped.</summary>
    public double Percentile { get; init; } = 99.99;
    /// <summary>Min-max only: a moving average of per-batch extremes instead of the global ones.</summary>
    public bool MovingAverage { get; init; }
    /// <summary>Per-output-channel weight scales (default) or one scale per weight tensor.</summary>
    public bool PerChannel { get; init; } = true;
    /// <summary>
    /// Nodes left in float: "op:TYPE" (every node of that op type), "node:NAME" (that node), or a bare
    /// word matching either (a trainer names its first Conv "Conv", so the prefixes disambiguate).
    /// </summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Whether <paramref name="node"/> is left in float by <see cref="Exclude"/>.</summary>
    public bool Excludes(NodeProto node) => Exclude.Any(e => e.StartsWith("op:", StringComparison.Ordinal) ? e[3..] == node.OpType
        : e.StartsWith("node:", StringComparison.Ordinal) ? e[5..] == node.Name
        : e == node.OpType || e == node.Name);
    public ActivationType Activations { get; init; } = ActivationType.UInt8;
    /// <summary>
    /// Weight storage (see <see cref="WeightEncoding"/>). int8 by default: exact on ARM, on VNNI CPUs
    /// and in EdgeAE's sessions on every x64 CPU (session.x64quantprecision), and the cheapest on a
    /// Cortex-A53. Measured under the emulator's instruction count: uint8 weights cost the A53 30 %
    /// more instructions per ad01 window (U8U8 kernels widen to 16 bits; A76: the same), int7 halves
    /// the weight resolution (ad01 0.98 % off float instead of 0.39 %).
    /// </summary>
    public WeightEncoding Weights { get; init; } = WeightEncoding.Int8;
    public OutputLayerPolicy OutputLayer { get; init; } = OutputLayerPolicy.Auto;
    /// <summary>Fewer calibration windows than this is an error (ranges from a handful of windows are noise).</summary>
    public int MinCalibrationWindows { get; init; } = 16;
    /// <summary>Windows per ORT call while calibrating.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>
    /// Factor widening every calibrated activation range (input, hidden layers, reconstruction; ≥ 1).
    /// Field data drifts past the calibration data, and a clipped activation changes the score far
    /// more than a coarser step does. Measured on SKAB anomaly-free (BENCHMARKS.md): calibrated on
    /// rows 0:3000 and validated on all 9,405 rows, the mean score error is 52 % at 1, 2.3 % at 1.5,
    /// 1.3 % at 2; widening only the input and output made it worse (71 %). On data like the
    /// calibration data 2 costs little (ad01 0.29 % → 0.39 %).
    /// </summary>
    public double Headroom { get; init; } = 2.0;
    /// <summary>
    /// Store Conv biases as int32 behind DequantizeLinear (scale = input scale × weight scale) instead of
    /// float (Gemm biases are always int32). Off by default: ORT's BiasQuantization pass derives exactly
    /// that int32 tensor (same scale product, round half to even) from a float bias whose Conv reads
    /// quantized input and weights, so the float form runs the same QLinearConv and saves a per-channel
    /// scale vector.
    /// </summary>
    public bool Int32Biases { get; init; }
    /// <summary>
    /// Empirical bias correction (<see cref="BiasCorrection"/>): each layer's bias absorbs the mean
    /// shift int8 causes in its output on the calibration windows. On by default; off reproduces
    /// bundles made before it.
    /// </summary>
    public bool BiasCorrection { get; init; } = true;
    /// <summary>Short internal names in the int8 graph (smaller file); off keeps readable names for debugging.</summary>
    public bool CompactNames { get; init; } = true;
    /// <summary>SHA-256 of the calibration file for the manifest; null hashes the table's values.</summary>
    public string? CalibrationSha256 { get; init; }
}
