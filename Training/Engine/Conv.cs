using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Numerics;

namespace EdgeAE.Training.Engine;

/// <summary>
/// Convolution over [C, H, W] samples (1-D convolutions are the H = 1 case over [C, W]). Weight
/// [Cout, Cin, KH, KW] as ONNX stores it; each output value is one dot product of a weight row
/// with an im2col patch row.
/// </summary>
public sealed class Conv : ConvLayerBase
{
    private readonly ConvGeometry geo;
    private readonly Scratch cols;
    private readonly Scratch dcols;

    /// <param name="oneD">Input shape [Cin, W] and a 1-D ONNX Conv; otherwise [Cin, H, W].</param>
    public Conv(int inChannels, int height, int width, int outChannels, ConvSpec spec, bool oneD, Rng rng)
        : base(inChannels, height, width, outChannels,
               ConvGeometry.ConvOut(height, spec.KH, spec.SH, spec.PadTop, spec.PadBottom),
               ConvGeometry.ConvOut(width, spec.KW, spec.SW, spec.PadLeft, spec.PadRight), spec, oneD)
    {
        if (oneD && (height != 1 || spec.KH != 1)) throw new ArgumentException("a 1-D convolution has height 1");
        int outH = ConvGeometry.ConvOut(height, spec.KH, spec.SH, spec.PadTop, spec.PadBottom);
        int outW = ConvGeometry.ConvOut(width, spec.KW, spec.SW, spec.PadLeft, spec.PadRight);
        if (outH < 1 || outW < 1) throw new ArgumentException($"kernel {spec.KH}×{spec.KW} does not fit input {height}×{width}");
        geo = new ConvGeometry(inChannels, height, width, outH, outW, spec.KH, spec.KW, spec.SH, spec.SW, spec.PadTop, spec.PadLeft);
        Init.GlorotUniform(weight.Value, geo.Patch, outChannels * spec.KH * spec.KW, rng);
        cols = new Scratch(geo.SmallPositions * geo.Patch);
        dcols = new Scratch(geo.SmallPositions * geo.Patch);
    }

    public override void Forward(Compute c, float[] x, float[] y, int n)
    {
        cols.Prepare(n);
        float[] w = weight.Value, b = bias.Value;
        int patch = geo.Patch, positions = geo.SmallPositions, cout = OutChannelCount, inSize = InSize, outSize = OutSize;
        c.ForChunks(n, (long)patch * positions * cout, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, start, count) =>
        {
            var col = cols.For(chunk);
            for (int s = start; s < start + count; s++)
            {
                geo.Gather(x.AsSpan(s * inSize, inSize), col);
                Kernels.DotRows(w, cout, col, positions, patch, y.AsSpan(s * outSize, outSize), b);
            }
        });
    }

    public override void Backward(Compute c, float[] x, float[] y, float[] dy, float[]? dx, int n)
    {
        cols.Prepare(n);
        dcols.Prepare(n);
        weight.PrepareChunks(n);
        bias.PrepareChunks(n);
        float[] w = weight.Value;
        int patch = geo.Patch, positions = geo.SmallPositions, cout = OutChannelCount, inSize = InSize, outSize = OutSize;
        c.ForChunks(n, (long)patch * positions * cout, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, start, count) =>
        {
            float[] col = cols.For(chunk), dcol = dcols.For(chunk), gw = weight.ChunkGrad(chunk), gb = bias.ChunkGrad(chunk);
            for (int s = start; s < start + count; s++)
            {
                geo.Gather(x.AsSpan(s * inSize, inSize), col);
                var dys = dy.AsSpan(s * outSize, outSize);
                for (int o = 0; o < cout; o++) gb[o] += OrderedSum.Sum(dys.Slice(o * positions, positions));
                // dW[o, :] += Σ_p dy[o, p]·col[p, :]
                Kernels.AccumulateRows(gw, cout, dys, positions, 1, col, positions, patch);
                if (dx is null) continue;
                // dcol[p, :] = Σ_o dy[o, p]·W[o, :], then scattered back onto the input grid.
                Array.Clear(dcol);
                Kernels.AccumulateRows(dcol, positions, dys, 1, positions, w, cout, patch);
                var dxs = dx.AsSpan(s * inSize, inSize);
                dxs.Clear();
                geo.ScatterAdd(dcol, dxs);
            }
        });
        weight.ReduceChunks(n);
        bias.ReduceChunks(n);
    }

    public override string Export(GraphBuilder g, string input, float[]? scale, float[]? shift)
    {
        var w = (float[])weight.Value.Clone();
        int patch = geo.Patch;
        if (scale is not null)
            for (int o = 0; o < OutChannelCount; o++)
                TensorPrimitives.Multiply(w.AsSpan(o * patch, patch), scale[o], w.AsSpan(o * patch, patch));
        long[] dims = OneD ? [OutChannelCount, InChannels, Spec.KW] : [OutChannelCount, InChannels, Spec.KH, Spec.KW];
        return g.Conv(input, w, FoldBias(bias.Value, scale, shift), dims, Spec.OnnxStrides(OneD), Spec.OnnxPads(OneD));
    }
}
