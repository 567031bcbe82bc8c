using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;

namespace EdgeAE.Onnx.Passes;

/// <summary>
/// An autoencoder must reconstruct its input: checks that the model has one data input and one
/// output, and that the output's shape equals the input's — first on the declared shapes, then by
/// running ONNX Runtime on a batch of two zero windows (which also proves the batch is dynamic).
/// </summary>
public static class ReconstructionShapeCheck
{
    /// <summary>Throws <see cref="Runtime.InputException"/> naming the mismatch; returns the per-window shape (without batch).</summary>
    public static long[] Verify(ModelProto model)
    {
        var graph = model.Graph;
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
            throw new InputException($"an autoencoder has one input; this model has {inputs.Count} ({string.Join(", ", inputs.Select(i => i.Name))})");
        if (graph.Output.Count != 1)
            throw new InputException($"an autoencoder has one output; this model has {graph.Output.Count} ({string.Join(", ", graph.Output.Select(o => o.Name))})");
        var input = inputs[0];
        var output = graph.Output[0];
        long[] inDims = Dims(input);
        if (inDims.Length < 2 || inDims.Skip(1).Any(d => d <= 0))
            throw new InputException($"input '{input.Name}' shape {Text(inDims)} must be [batch, fixed sizes…]");
        if (input.Type.TensorType.ElemType != (int)TensorProto.Types.DataType.Float)
            throw new InputException($"input '{input.Name}' is not float32");
        long[] outDims = Dims(output);
        if (outDims.Length > 0)
        {
            bool differs = outDims.Length != inDims.Length || outDims.Skip(1).Zip(inDims.Skip(1)).Any(p => p.First > 0 && p.First != p.Second);
            if (differs)
                throw new InputException($"output '{output.Name}' shape {Text(outDims)} differs from input '{input.Name}' shape {Text(inDims)}: not a reconstruction model");
        }

        long[] actual = TensorShapeProbe.Shapes(model, [output.Name], batch: 2)[output.Name];
        long[] expected = [2, .. inDims.Skip(1)];
        if (!actual.SequenceEqual(expected))
            throw new InputException($"running a batch of 2 windows {Text(expected)} gives output '{output.Name}' shape {Text(actual)}: the output must equal the input's shape with a dynamic batch");
        return inDims[1..];
    }

    private static long[] Dims(ValueInfoProto v) =>
        v.Type?.TensorType?.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1L).ToArray() ?? [];

    private static string Text(long[] dims) => "[" + string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString())) + "]";
}
