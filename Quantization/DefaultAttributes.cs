using EdgeAE.Onnx.Proto;

namespace EdgeAE.Quantization;

/// <summary>
/// Drops Conv attributes that only restate the ONNX defaults (unit strides and dilations, zero pads,
/// one group, a kernel_shape equal to the weight's spatial dims). Each costs ~25 bytes per node,
/// which is measurable in a small int8 bundle and carries no information.
/// </summary>
internal static class DefaultAttributes
{
    public static void Strip(GraphProto graph)
    {
        var weightDims = graph.Initializer.ToDictionary(t => t.Name, t => t.Dims, StringComparer.Ordinal);
        // A weight behind DequantizeLinear has the shape of the int8 initializer that feeds it.
        foreach (var dq in graph.Node.Where(n => n.OpType == "DequantizeLinear" && weightDims.ContainsKey(n.Input[0])))
            weightDims[dq.Output[0]] = weightDims[dq.Input[0]];

        foreach (var n in graph.Node.Where(n => n.OpType == "Conv"))
        {
            for (int i = n.Attribute.Count - 1; i >= 0; i--)
            {
                var a = n.Attribute[i];
                bool redundant = a.Name switch
                {
                    "strides" or "dilations" => a.Ints.All(v => v == 1),
                    "pads" => a.Ints.All(v => v == 0),
                    "group" => a.I == 1,
                    "kernel_shape" => weightDims.TryGetValue(n.Input[1], out var dims) && dims.Skip(2).SequenceEqual(a.Ints),
                    _ => false,
                };
                if (redundant) n.Attribute.RemoveAt(i);
            }
        }
    }
}
