using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Numerics;

namespace EdgeAE.Training.Engine;

/// <summary>
/// Transposed convolution over [C, H, W] samples (1-D: H = 1 over [C, W]), exactly ONNX
/// ConvTranspose with weight [Cin, Cout, KH, KW] and explicit (possibly asymmetric) pads: each
/// input position spreads W[ci]·x[ci, p] over its output patch (the adjoint of <see cref="Conv"/>'s map).
/// </summary>
public sealed class ConvTranspose : ConvLayerBase
{
    private readonly ConvGeometry geo;
    private readonly Scratch cols;

    public ConvTranspose(int inChannels, int height, int width, int outChannels, ConvSpec spec, bool oneD, Rng rng)
        : base(inChannels, height, width, outChannels,
               ConvGeometry.TransposeOut(height, spec.KH, spec.SH, spec.PadTop, spec.PadBottom),
               ConvGeometry.TransposeOut(width, spec.KW, spec.SW, spec.PadLeft, spec.PadRight), spec, oneD)
    {
        if (oneD && (height != 1 || spec.KH != 1)) throw new ArgumentException("a 1-D transposed convolution has height 1");
        int outH = ConvGeometry.TransposeOut(height, spec.KH, spec.SH, spec.PadTop, spec.PadBottom);
        int outW = ConvGeometry.TransposeOut(width, spec.KW, spec.SW, spec.PadLeft, spec.PadRight);
        if (outH < 1 || outW < 1) throw new ArgumentException($"transposed kernel {spec.KH}×{spec.KW} with these pads leaves no output from {height}×{width}");
        geo = new ConvGeometry(outChannels, outH, outW, height, width, spec.KH, spec.KW, spec.SH, spec.SW, spec.PadTop, spec.PadLeft);
        Init.GlorotUniform(weight.Value, inChannels * spec.KH * spec.KW, outChannels * spec.KH * spec.KW, rng);
        cols = new Scratch(geo.SmallPositions * geo.Patch);
    }

    public override void Forward(Compute c, float[] x, float[] y, int n)
    {
        cols.Prepare(n);
        float[] w = weight.Value, b = bias.Value;
        int patch = geo.Patch, positions = geo.SmallPositions, cin = InChannels, inSize = InSize, outSize = OutSize;
        int outPlane = outSize / OutChannelCount;
        c.ForChunks(n, (long)patch * positions * cin, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, start, count) =>
        {
            var col = cols.For(chunk);
            for (int s = start; s < start + count; s++)
            {
                // col[p, :] = Σ_ci x[ci, p]·W[ci, :]
                Array.Clear(col);
                Kernels.AccumulateRows(col, positions, x.AsSpan(s * inSize, inSize), 1, positions, w, cin, patch);
                var ys = y.AsSpan(s * outSize, outSize);
                for (int o = 0; o < OutChannelCount; o++)
                    ys.Slice(o * outPlane, outPlane).Fill(b[o]);
                geo.ScatterAdd(col, ys);
            }
        });
    }

    public override void Backward(Compute c, float[] x, float[] y, float[] dy, float[]? dx, int n)
    {
        cols.Prepare(n);
        weight.PrepareChunks(n);
        bias.PrepareChunks(n);
        float[] w = weight.Value;
        int patch = geo.Patch, positions = geo.SmallPositions, cin = InChannels, inSize = InSize, outSize = OutSize;
        int outPlane = outSize / OutChannelCount;
        c.ForChunks(n, (long)patch * positions * cin, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, start, count) =>
        {
            float[] dcol = cols.For(chunk), gw = weight.ChunkGrad(chunk), gb = bias.ChunkGrad(chunk);
            for (int s = start; s < start + count; s++)
            {
                var dys = dy.AsSpan(s * outSize, outSize);
                for (int o = 0; o < OutChannelCount; o++)
                    gb[o] += OrderedSum.Sum(dys.Slice(o * outPlane, outPlane));
                geo.Gather(dys, dcol);
                var xs = x.AsSpan(s * inSize, inSize);
                // dW[ci, :] += Σ_p x[ci, p]·dcol[p, :];  dx[ci, p] = W[ci, :]·dcol[p, :]
                Kernels.AccumulateRows(gw, cin, xs, positions, 1, dcol, positions, patch);
                if (dx is not null) Kernels.DotRows(w, cin, dcol, positions, patch, dx.AsSpan(s * inSize, inSize), default);
            }
        });
        weight.ReduceChunks(n);
        bias.ReduceChunks(n);
    }

    public override string Export(GraphBuilder g, string input, float[]? scale, float[]? shift)
    {
        var w = (float[])weight.Value.Clone();
        int k = Spec.KH * Spec.KW;
        if (scale is not null)
            for (int ci = 0; ci < InChannels; ci++)
                for (int o = 0; o < OutChannelCount; o++)
                {
                    var block = w.AsSpan((ci * OutChannelCount + o) * k, k);
                    TensorPrimitives.Multiply(block, scale[o], block);
                }
        long[] dims = OneD ? [InChannels, OutChannelCount, Spec.KW] : [InChannels, OutChannelCount, Spec.KH, Spec.KW];
        return g.ConvTranspose(input, w, FoldBias(bias.Value, scale, shift), dims, Spec.OnnxStrides(OneD), Spec.OnnxPads(OneD));
    }
}
