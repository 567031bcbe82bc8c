using EdgeAE.Onnx;
using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization;

namespace EdgeAE.Export.Quantization;

/// <summary>A layer of an int8 bundle whose int8 weights ORT's x64 U8S8 kernels without VNNI may saturate.</summary>
/// <param name="Layer">The layer's op type and ordinal in the int8 graph ("Gemm#3"), as <see cref="ClippingProbe"/> names tensors.</param>
/// <param name="MaxWeight">Largest |int8 weight| of the layer.</param>
/// <param name="WorstPairSum">255 × the two largest same-sign weights of one output channel: the largest 16-bit pair sum a uint8 input can drive.</param>
public sealed record SaturatingLayer(string Layer, int MaxWeight, int WorstPairSum);

/// <summary>
/// ONNX Runtime's x64 kernels for uint8 activations × int8 weights (U8S8) on AVX2, AVX-512 without
/// VNNI and SSE4.1 multiply with vpmaddubsw, which adds each pair of adjacent products in a signed
/// 16-bit lane and saturates there: a pair a₀w₀ + a₁w₁ with uint8 codes a ≤ 255 exceeds 32,767 once
/// the two weights of one sign add up to more than 128. VNNI (vpdpbusd), AMX, ARM and ORT's U8U8
/// kernels accumulate in 32 bits and are exact. Which two weights MLAS pairs depends on its packing,
/// so this takes the worst two of each output channel: "may saturate", not "does".
/// </summary>
public static class U8S8Saturation
{
    public const int Int16Max = 32767;

    /// <summary>The weighted layers reading int8 weights through a DequantizeLinear, and those among them that may saturate.</summary>
    public static (int Int8Layers, List<SaturatingLayer> MaySaturate) Check(ModelProto int8Bundle)
    {
        var graph = int8Bundle.Graph;
        var query = new GraphQuery(graph);
        var inits = query.Initializers;
        var labels = ClippingProbe.Labels(graph);
        int layers = 0;
        var result = new List<SaturatingLayer>();
        foreach (var n in graph.Node)
        {
            if (!OpKinds.Weighted.Contains(n.OpType) || n.Input.Count < 2) continue;
            if (query.Producer(n.Input[1]) is not { OpType: "DequantizeLinear" } dq) continue;
            if (!inits.TryGetValue(dq.Input[0], out var w) || w.DataType != (int)TensorProto.Types.DataType.Int8) continue;
            layers++;
            int channels = dq.Input.Count > 1 && inits.TryGetValue(dq.Input[1], out var scale) ? (int)Math.Max(1, OnnxTensors.ElementCount(scale)) : 1;
            int axis = channels > 1 ? (int)Attr.GetInt(dq, "axis", 1) : 0;
            if (axis < 0) axis += w.Dims.Count;
            var (maxWeight, worst) = WorstPair(OnnxTensors.ToInt64s(w), w.Dims.ToArray(), channels, axis);
            if (255 * worst > Int16Max)
                result.Add(new SaturatingLayer(labels.GetValueOrDefault(n.Output[0], n.OpType), maxWeight, 255 * worst));
        }
        return (layers, result);
    }

    /// <summary>Largest |w| and, over output channels, the largest sum of two same-sign weights' magnitudes.</summary>
    private static (int MaxWeight, int WorstPair) WorstPair(long[] w, long[] dims, int channels, int axis)
    {
        int inner = 1;
        for (int i = axis + 1; i < dims.Length; i++) inner *= (int)dims[i];
        var pos = new (long A, long B)[channels];
        var neg = new (long A, long B)[channels];
        long maxWeight = 0;
        for (int i = 0; i < w.Length; i++)
        {
            int c = channels == 1 ? 0 : i / inner % channels;
            long v = w[i];
            maxWeight = Math.Max(maxWeight, Math.Abs(v));
            ref var top = ref (v >= 0 ? ref pos[c] : ref neg[c]);
            long m = Math.Abs(v);
            if (m > top.A) top = (m, top.A);
            else if (m > top.B) top.B = m;
        }
        long worst = 0;
        for (int c = 0; c < channels; c++) worst = Math.Max(worst, Math.Max(pos[c].A + pos[c].B, neg[c].A + neg[c].B));
        return ((int)maxWeight, (int)worst);
    }
}
