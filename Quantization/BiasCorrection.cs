using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization.Calibration;

namespace EdgeAE.Quantization;

/// <summary>
/// Empirical bias correction (Nagel et al., "Data-Free Quantization Through Weight Equalization
/// and Bias Correction", 2019, §4.2, in its empirical form): int8 weights and inputs shift each
/// layer's mean output per channel, and the shift adds up through the layers into a biased
/// reconstruction. Layer by layer in graph order, the int8 graph (with the corrections made so far)
/// and the float graph run over the calibration windows; the difference of their mean
/// pre-activation output per channel is taken off that layer's bias.
/// <para>
/// Why it is on by default: on SKAB conv1d autoencoders trained with different seeds, the first
/// decoder layer alone moved the int8 mean score by up to 1.1 % (6 epochs) and 1.7 % (12 epochs)
/// while the ranking stayed at Spearman ≥ 0.998; leaving that one layer in float took the error to
/// 0.001 %. The correction costs one float run of at most <see cref="MaxWindows"/> calibration
/// windows per weighted layer, and nothing at inference.
/// </para>
/// </summary>
internal static class BiasCorrection
{
    /// <summary>
    /// Corrects the float biases of <paramref name="prepared"/> (the graph <see cref="QdqWriter"/>
    /// will quantize with <paramref name="plan"/>) in place; returns how many layers it changed. Only
    /// bias initializers are replaced, so the plan's node references stay valid.
    /// </summary>
    public static int Apply(ModelProto prepared, QuantizationPlan plan, IReadOnlyDictionary<string, TensorRange> ranges, QuantizationOptions options, float[] windows, int windowValues)
    {
        var inits = prepared.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var layers = plan.Weighted.Select((n, i) => (Node: n, Index: i)).Where(l => Correctable(l.Node, inits, prepared.Graph)).ToList();
        if (layers.Count == 0) return 0;

        windows = Subsample(windows, windowValues, MaxWindows);
        var reference = ChannelMeans(prepared, layers.Select(l => l.Node.Output[0]).ToList(), windows, windowValues, options.BatchSize);
        var simulationOptions = options with { CompactNames = false };
        int changed = 0;
        foreach (var (node, index) in layers)
        {
            // The int8 graph as it stands with the corrections so far (a plan holds node references,
            // so each trial graph gets its own). Its weighted node keeps its place in the plan.
            var trial = prepared.Clone();
            var trialPlan = new QuantizationPlan(trial.Graph, simulationOptions);
            QdqWriter.Apply(trial.Graph, trialPlan, ranges, simulationOptions);
            // The node's own output, before its Q/DQ pair: pre-activation even where a Relu was
            // folded into that pair's range.
            string produced = trialPlan.Weighted[index].Output[0];
            var quantized = ChannelMeans(trial, [produced], windows, windowValues, options.BatchSize)[produced];
            var expected = reference[node.Output[0]];

            var bias = inits[node.Input[2]];
            float[] b = OnnxTensors.ToFloats(bias);
            if (b.Length != quantized.Length) continue;
            bool any = false;
            for (int c = 0; c < b.Length; c++)
            {
                float corrected = (float)(b[c] - (quantized[c] - expected[c]));
                any |= corrected != b[c];
                b[c] = corrected;
            }
            if (!any) continue;
            var replacement = OnnxTensors.Float(bias.Name, b, [.. bias.Dims]);
            prepared.Graph.Initializer[prepared.Graph.Initializer.IndexOf(bias)] = replacement;
            inits[bias.Name] = replacement;
            changed++;
        }
        return changed;
    }

    /// <summary>
    /// Windows the means are taken over at most. A mean over a thousand windows (each of many
    /// positions) is settled to far below int8's step, and the correction runs the graph once per
    /// layer: over all of a board's 7,472 calibration windows it made the int8 step 3.7 times dearer
    /// on the emulated A53 (6.3 → 23.8 G instructions at 9,405 rows, BENCHMARKS.md).
    /// </summary>
    public const int MaxWindows = 1024;

    /// <summary>Every k-th window, k the smallest stride that leaves at most <paramref name="max"/> (the windows themselves when they fit).</summary>
    internal static float[] Subsample(float[] windows, int windowValues, int max)
    {
        int count = windows.Length / windowValues;
        if (count <= max) return windows;
        int stride = (count + max - 1) / max;
        int kept = (count + stride - 1) / stride;
        var picked = new float[kept * windowValues];
        for (int i = 0; i < kept; i++)
            Array.Copy(windows, (long)i * stride * windowValues, picked, (long)i * windowValues, windowValues);
        return picked;
    }

    /// <summary>
    /// A Conv or Gemm with a 1-D constant bias of its own, one value per output channel. (A bias
    /// another node shares would move both; a MatMul has none to move.)
    /// </summary>
    private static bool Correctable(NodeProto n, IReadOnlyDictionary<string, TensorProto> inits, GraphProto graph) =>
        n.OpType is "Conv" or "Gemm" && n.Input.Count > 2 && n.Input[2].Length > 0
        && inits.TryGetValue(n.Input[2], out var bias) && bias.Dims.Count == 1
        && graph.Node.Count(m => m.Input.Contains(n.Input[2])) == 1;

    /// <summary>
    /// Per tensor, the mean over the windows of each channel (axis 1), accumulated in double in one
    /// fixed order so the result is the same on every machine that computes the same values.
    /// </summary>
    private static Dictionary<string, double[]> ChannelMeans(ModelProto model, IReadOnlyList<string> tensors, float[] windows, int windowValues, int batchSize)
    {
        var sums = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        WindowRunner.Run(model, tensors, windows, windowValues, batchSize, (_, name, values, shape) =>
        {
            if (shape.Length < 2) throw new InvalidOperationException($"tensor '{name}' has no channel axis");
            int channels = shape[1];
            int inner = 1;
            for (int i = 2; i < shape.Length; i++) inner *= shape[i];
            if (!sums.TryGetValue(name, out var sum)) sums[name] = sum = new double[channels];
            for (int i = 0; i < values.Length; i++) sum[i / inner % channels] += values[i];
            counts[name] = counts.GetValueOrDefault(name) + values.Length / channels;
        });
        foreach (var (name, sum) in sums)
            for (int c = 0; c < sum.Length; c++) sum[c] /= counts[name];
        return sums;
    }
}
