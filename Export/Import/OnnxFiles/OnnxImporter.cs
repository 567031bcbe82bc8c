using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Import.OnnxFiles;

/// <summary>
/// Accepts an ONNX autoencoder exported by PyTorch (torch.onnx.export) or tf2onnx: opset 11–21 of
/// the default domain, float input and output, weights inside the file. The graph is kept as is;
/// <see cref="ImportPipeline"/> then cleans it up (BN folding, dynamic batch, IR ≤ 10).
/// </summary>
public static class OnnxImporter
{
    /// <param name="windowShape">
    /// Per-window shape (batch excluded) for input/output axes the model leaves symbolic (e.g. a time
    /// axis exported as dynamic); axes with a fixed size are not changed.
    /// </param>
    public static ModelProto Import(string path, long[]? windowShape = null)
    {
        var model = OnnxModelIO.Load(path);
        Check(model, path);
        if (windowShape is not null) BindWindowShape(model, windowShape);
        return model;
    }

    /// <summary>Gives symbolic non-batch axes of the data input and the outputs the window's sizes.</summary>
    public static void BindWindowShape(ModelProto model, long[] windowShape)
    {
        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var v in model.Graph.Input.Where(i => !initializers.Contains(i.Name)).Concat(model.Graph.Output))
        {
            var dims = v.Type?.TensorType?.Shape?.Dim;
            if (dims is null || dims.Count != windowShape.Length + 1) continue;
            for (int d = 1; d < dims.Count; d++)
                if (dims[d].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dims[d].DimValue <= 0)
                    dims[d] = new TensorShapeProto.Types.Dimension { DimValue = windowShape[d - 1] };
        }
    }

    public static void Check(ModelProto model, string what)
    {
        int opset = OnnxModelIO.OpsetOf(model);
        if (opset == 0)
            throw new InputException(what, $"imports no default-domain (ai.onnx) opset");
        if (opset < OnnxModelIO.MinOpset || opset > OnnxModelIO.MaxOpset)
            throw new InputException(what, $"opset {opset} is outside the supported {OnnxModelIO.MinOpset}–{OnnxModelIO.MaxOpset} (re-export with opset_version={OnnxModelIO.DefaultOpset})");
        var foreign = model.Graph.Node.Where(n => n.Domain is not ("" or "ai.onnx")).Select(n => $"{n.Domain}.{n.OpType}").Distinct().ToList();
        if (foreign.Count > 0)
            throw new InputException(what, $"uses operators outside the ONNX standard domain ({string.Join(", ", foreign)})");
        var external = model.Graph.Initializer.FirstOrDefault(t => t.DataLocation == TensorProto.Types.DataLocation.External);
        if (external is not null)
            throw new InputException(what, $"initializer '{external.Name}' keeps its data in an external file; export with the weights inside the .onnx");
        foreach (var v in model.Graph.Input.Where(i => model.Graph.Initializer.All(t => t.Name != i.Name)).Concat(model.Graph.Output))
            if (v.Type?.TensorType?.ElemType != (int)TensorProto.Types.DataType.Float)
                throw new InputException(what, $"graph value '{v.Name}' is not float32");
    }
}
