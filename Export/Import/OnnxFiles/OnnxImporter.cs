using EdgeAE.Export.Onnx;
using EdgeAE.Export.Onnx.Proto;

namespace EdgeAE.Export.Import.OnnxFiles;

/// <summary>
/// Accepts an ONNX autoencoder exported by PyTorch (torch.onnx.export) or tf2onnx: opset 11–21 of
/// the default domain, float input and output, weights inside the file. The graph is kept as is;
/// <see cref="ImportPipeline"/> then cleans it up (BN folding, dynamic batch, IR ≤ 10).
/// </summary>
public static class OnnxImporter
{
    public static ModelProto Import(string path)
    {
        var model = OnnxModelIO.Load(path);
        Check(model, path);
        return model;
    }

    public static void Check(ModelProto model, string what)
    {
        int opset = OnnxModelIO.OpsetOf(model);
        if (opset == 0)
            throw new InvalidDataException($"{what}: imports no default-domain (ai.onnx) opset");
        if (opset < OnnxModelIO.MinOpset || opset > OnnxModelIO.MaxOpset)
            throw new InvalidDataException($"{what}: opset {opset} is outside the supported {OnnxModelIO.MinOpset}–{OnnxModelIO.MaxOpset} (re-export with opset_version={OnnxModelIO.DefaultOpset})");
        var foreign = model.Graph.Node.Where(n => n.Domain is not ("" or "ai.onnx")).Select(n => $"{n.Domain}.{n.OpType}").Distinct().ToList();
        if (foreign.Count > 0)
            throw new InvalidDataException($"{what}: uses operators outside the ONNX standard domain ({string.Join(", ", foreign)})");
        var external = model.Graph.Initializer.FirstOrDefault(t => t.DataLocation == TensorProto.Types.DataLocation.External);
        if (external is not null)
            throw new InvalidDataException($"{what}: initializer '{external.Name}' keeps its data in an external file; export with the weights inside the .onnx");
        foreach (var v in model.Graph.Input.Where(i => model.Graph.Initializer.All(t => t.Name != i.Name)).Concat(model.Graph.Output))
            if (v.Type?.TensorType?.ElemType != (int)TensorProto.Types.DataType.Float)
                throw new InvalidDataException($"{what}: graph value '{v.Name}' is not float32");
    }
}
