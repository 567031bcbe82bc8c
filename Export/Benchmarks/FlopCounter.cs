using EdgeAE.Onnx;
using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Export.Benchmarks;

/// <summary>
/// Counts the floating-point work of one window through a model: 2 × the multiply-accumulates of
/// every Gemm, MatMul, Conv and ConvTranspose, with the shapes of their operands taken from ONNX
/// Runtime itself (<see cref="TensorShapeProbe"/>, one run on a zero window with batch 1), so any op
/// ORT runs may stand between them. Elementwise ops are not counted: they are a rounding error beside
/// the matrix products in these models, and the MLPerf-style figure people compare against is MACs × 2.
/// QDQ graphs count like their float form (the weighted ops read dequantized weights).
/// </summary>
public static class FlopCounter
{
    public static long Count(ModelProto model)
    {
        var query = new GraphQuery(model.Graph);
        var weighted = model.Graph.Node.Where(n => GraphQuery.IsDefaultDomain(n) && n.OpType is "Gemm" or "MatMul" or "Conv" or "ConvTranspose").ToList();
        var probed = weighted.SelectMany(n => n.OpType == "ConvTranspose" ? new[] { n.Input[0] } : [n.Input[0], n.Output[0]])
            .Concat(weighted.Select(n => n.Input[1]))
            .Where(t => query.Tensor(t) is null)
            .Distinct(StringComparer.Ordinal).ToList();
        var shapes = TensorShapeProbe.Shapes(model, probed);
        long[] Shape(string tensor) => query.Tensor(tensor) is { } constant ? constant.Dims.ToArray() : shapes[tensor];

        long macs = 0;
        foreach (var n in weighted)
        {
            long[] x = Shape(n.Input[0]), w = Shape(n.Input[1]);
            macs += n.OpType switch
            {
                // [M, K] · [K, N]: every output element is K multiply-accumulates.
                "Gemm" => Product(Shape(n.Output[0])) * (Attr.GetInt(n, "transA", 0) != 0 ? x[0] : x[1]),
                "MatMul" => Product(Shape(n.Output[0])) * x[^1],
                // Each output element sums Cin/group × kernel taps (the weight's dims after the first).
                "Conv" => Product(Shape(n.Output[0])) * Product(w[1..]),
                // Every input element is multiplied by the whole kernel for each output channel of its group.
                _ => Product(x) * Product(w[1..]),
            };
        }
        return 2 * macs;
    }

    private static long Product(long[] dims) => dims.Aggregate(1L, (p, d) => p * d);
}
