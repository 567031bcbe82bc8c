using EdgeAE.Onnx;
using EdgeAE.Onnx.Passes;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Export.Import;

/// <summary>What the clean-up passes did to an imported model.</summary>
public sealed record ImportSummary(int BatchNormsFolded, int PassThroughsRemoved, int ConstantsFolded, long FixedBatchReplaced, long[] WindowShape);

/// <summary>
/// The passes every imported model goes through before it becomes a bundle: drop Identity/Dropout,
/// fold constant subgraphs, fold BatchNormalization, make the batch dynamic, write IR ≤ 10, and prove the output has the input's shape.
/// </summary>
public static class ImportPipeline
{
    public static ImportSummary Run(ModelProto model)
    {
        int removed = IdentityRemoval.Apply(model);
        int constants = ConstantFolding.Apply(model);
        int folded = BatchNormFolding.Apply(model);
        long batch = BatchDimension.EnsureDynamic(model);
        model.IrVersion = Math.Min(model.IrVersion <= 0 ? OnnxModelIO.IrVersion : model.IrVersion, OnnxModelIO.IrVersion);
        long[] window = ReconstructionShapeCheck.Verify(model);
        return new ImportSummary(folded, removed, constants, batch, window);
    }
}
