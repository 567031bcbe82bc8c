using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

/// <summary>
/// A layer whose output channels are each an affine function of the input (Dense, Conv,
/// ConvTranspose): a following batch norm folds into it on export as y·scale[o] + shift[o].
/// </summary>
public abstract class AffineLayer(int[] inShape, int[] outShape) : Layer(inShape, outShape)
{
    public abstract int OutChannels { get; }

    public override string Export(GraphBuilder g, string input) => Export(g, input, null, null);

    /// <summary>Exports with each output channel o scaled by scale[o] and shifted by shift[o] (both null: as is).</summary>
    public abstract string Export(GraphBuilder g, string input, float[]? scale, float[]? shift);

    /// <summary>The bias after folding: b·scale + shift.</summary>
    protected static float[] FoldBias(float[] bias, float[]? scale, float[]? shift)
    {
        var b = (float[])bias.Clone();
        if (scale is null) return b;
        for (int o = 0; o < b.Length; o++)
            b[o] = b[o] * scale[o] + shift![o];
        return b;
    }
}
