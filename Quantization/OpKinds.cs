using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Quantization;

/// <summary>Which ONNX ops the quantizer treats how.</summary>
internal static class OpKinds
{
    /// <summary>Ops with a weight input whose int8 kernels ORT has (ConvTranspose only saves bytes: ORT runs it in float).</summary>
    public static readonly HashSet<string> Weighted = new(StringComparer.Ordinal) { "Conv", "ConvTranspose", "Gemm", "MatMul" };

    /// <summary>
    /// Ops that only move or select values: their output can share the input's scale and zero point,
    /// so ORT runs them on int8 directly (it drops the DQ → op → Q around them).
    /// </summary>
    public static readonly HashSet<string> DataMovement = new(StringComparer.Ordinal)
    {
        "Reshape", "Transpose", "Slice", "Flatten", "Squeeze", "Unsqueeze", "Identity", "DepthToSpace", "SpaceToDepth", "MaxPool",
    };

    /// <summary>Ops whose meaning is the same from opset 11 to 13, so a model can be lifted to 13 for per-axis QDQ.</summary>
    public static readonly HashSet<string> SameAtOpset13 = new(StringComparer.Ordinal)
    {
        "Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu",
        "Softplus", "Reshape", "Transpose", "Flatten", "MaxPool", "AveragePool", "Slice", "Concat", "Identity", "Pad", "Clip",
        "Resize", "Shape", "Gather", "Cast", "DepthToSpace", "SpaceToDepth", "HardSigmoid", "Selu", "Exp", "Sqrt", "Pow", "Neg", "Abs",
    };

    public static bool IsDataMovement(NodeProto n) => GraphQuery.IsDefaultDomain(n) && DataMovement.Contains(n.OpType);
}
