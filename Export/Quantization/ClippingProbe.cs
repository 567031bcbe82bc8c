using EdgeAE.Onnx;
using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Passes;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Inference;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Export.Quantization;

/// <summary>Share of one quantized tensor's values that fell outside its int8 range.</summary>
/// <param name="Tensor">"input", or the producing op and its ordinal among ops of that type ("Conv#3").</param>
public sealed record TensorClipping(string Tensor, double Fraction, float RangeMin, float RangeMax, float SeenMin, float SeenMax);

/// <summary>
/// Runs the int8 bundle unfused (ORT_DISABLE_ALL: every QuantizeLinear as its own op) on windows and
/// counts, per QuantizeLinear, the values beyond its representable range: the saturation that makes
/// int8 scores of drifted data run away from float. A range starting exactly at 0 is a folded ReLU,
/// so only its top end counts.
/// </summary>
public static class ClippingProbe
{
    public static List<TensorClipping> Measure(ModelProto int8Bundle, float[] windows, long[] windowShape, int batch = 64)
    {
        var graph = int8Bundle.Graph;
        var inits = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var labels = Labels(graph);
        var probes = new List<(string Tensor, float Lo, float Hi, float Step)>();
        foreach (var q in graph.Node.Where(n => n.OpType == "QuantizeLinear" && n.Input.Count >= 3))
        {
            if (!inits.TryGetValue(q.Input[1], out var scaleT) || !inits.TryGetValue(q.Input[2], out var zpT)) continue;
            float scale = OnnxTensors.ToFloats(scaleT)[0];
            bool unsigned = zpT.DataType == (int)TensorProto.Types.DataType.Uint8;
            int zp = (int)OnnxTensors.ToInt64s(zpT)[0];
            (int qmin, int qmax) = unsigned ? (0, 255) : (-128, 127);
            probes.Add((q.Input[0], (qmin - zp) * scale, (qmax - zp) * scale, scale));
        }
        var result = new List<TensorClipping>();
        if (probes.Count == 0) return result;

        string input = graph.Input.Single(i => !inits.ContainsKey(i.Name)).Name;
        var model = GraphEdits.WithTensorsAsOutputs(int8Bundle, probes.Select(p => p.Tensor));

        SessionFactory.EnsureEnvironment();
        using var options = SessionFactory.CreateOptions(new InferenceSettings());
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
        using var session = new InferenceSession(model.ToByteArray(), options);
        long perWindow = windowShape.Skip(1).Aggregate(1L, (a, d) => a * d);
        int count = (int)(windows.Length / perWindow);
        var outside = new long[probes.Count];
        var total = new long[probes.Count];
        var seenMin = Enumerable.Repeat(float.PositiveInfinity, probes.Count).ToArray();
        var seenMax = Enumerable.Repeat(float.NegativeInfinity, probes.Count).ToArray();
        var names = probes.Select(p => p.Tensor).Distinct(StringComparer.Ordinal).Where(t => t != input).ToArray();
        using var run = new RunOptions();
        for (int start = 0; start < count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            var chunk = windows.AsMemory((int)(start * perWindow), (int)(n * perWindow));
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, chunk, [n, .. windowShape.Skip(1)]);
            using var outs = session.Run(run, [input], [value], names);
            var byName = names.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => outs[x.i].GetTensorDataAsSpan<float>().ToArray(), StringComparer.Ordinal);
            for (int k = 0; k < probes.Count; k++)
            {
                var (tensor, lo, hi, step) = probes[k];
                ReadOnlySpan<float> values = tensor == input ? chunk.Span : byName[tensor];
                bool topOnly = lo == 0;
                foreach (float v in values)
                {
                    if (float.IsNaN(v)) continue;
                    total[k]++;
                    if (v > hi + step / 2 || (!topOnly && v < lo - step / 2)) outside[k]++;
                    if (v < seenMin[k]) seenMin[k] = v;
                    if (v > seenMax[k]) seenMax[k] = v;
                }
            }
        }
        for (int k = 0; k < probes.Count; k++)
            result.Add(new TensorClipping(probes[k].Tensor == input ? "input" : labels.GetValueOrDefault(probes[k].Tensor, probes[k].Tensor),
                total[k] > 0 ? (double)outside[k] / total[k] : 0, probes[k].Lo, probes[k].Hi, seenMin[k], seenMax[k]));
        return result;
    }

    /// <summary>Tensor → "OpType#k" of its producer (the int8 graph's names are compacted, so they mean nothing to a reader).</summary>
    internal static Dictionary<string, string> Labels(GraphProto graph)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in graph.Node)
        {
            int k = counts[n.OpType] = counts.GetValueOrDefault(n.OpType) + 1;
            foreach (var o in n.Output) labels[o] = $"{n.OpType}#{k}";
        }
        return labels;
    }
}
