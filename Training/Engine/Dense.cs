using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Numerics;

namespace EdgeAE.Training.Engine;

/// <summary>Fully connected y = W·x + b, W stored [out, in] so each output is one SIMD dot product.</summary>
public sealed class Dense : AffineLayer
{
    private readonly Parameter weight;
    private readonly Parameter bias;

    public Dense(int inFeatures, int outFeatures, Rng rng) : base([inFeatures], [outFeatures])
    {
        In = inFeatures;
        Out = outFeatures;
        weight = new Parameter("W", outFeatures * inFeatures, decay: true);
        bias = new Parameter("b", outFeatures, decay: false);
        Init.GlorotUniform(weight.Value, inFeatures, outFeatures, rng);
    }

    public int In { get; }
    public int Out { get; }
    public override int OutChannels => Out;
    public Parameter Weight => weight;
    public Parameter Bias => bias;
    public override IReadOnlyList<Parameter> Parameters => [weight, bias];

    public override void Forward(Compute c, float[] x, float[] y, int n)
    {
        float[] w = weight.Value, b = bias.Value;
        int inF = In, outF = Out;
        c.ForChunks(n, (long)inF * outF, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, start, count) =>
        {
            for (int s = start; s < start + count; s++)
            {
                var xs = x.AsSpan(s * inF, inF);
                var ys = y.AsSpan(s * outF, outF);
                for (int o = 0; o < outF; o++)
                    ys[o] = OrderedSum.Dot(w.AsSpan(o * inF, inF), xs) + b[o];
            }
        });
    }

    public override void Backward(Compute c, float[] x, float[] y, float[] dy, float[]? dx, int n)
    {
        float[] w = weight.Value;
        int inF = In, outF = Out;
        weight.PrepareChunks(n);
        bias.PrepareChunks(n);
        c.ForChunks(n, (long)inF * outF, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, start, count) =>
        {
            float[] gw = weight.ChunkGrad(chunk), gb = bias.ChunkGrad(chunk);
            for (int s = start; s < start + count; s++)
            {
                var xs = x.AsSpan(s * inF, inF);
                var dys = dy.AsSpan(s * outF, outF);
                Span<float> dxs = dx is null ? default : dx.AsSpan(s * inF, inF);
                if (dx is not null) dxs.Clear();
                for (int o = 0; o < outF; o++)
                {
                    float g = dys[o];
                    if (g == 0) continue;
                    gb[o] += g;
                    var gRow = gw.AsSpan(o * inF, inF);
                    TensorPrimitives.MultiplyAdd(xs, g, gRow, gRow);
                    if (dx is not null)
                        TensorPrimitives.MultiplyAdd(w.AsSpan(o * inF, inF), g, dxs, dxs);
                }
            }
        });
        weight.ReduceChunks(n);
        bias.ReduceChunks(n);
    }

    public override string Export(GraphBuilder g, string input, float[]? scale, float[]? shift)
    {
        var w = (float[])weight.Value.Clone();
        if (scale is not null)
            for (int o = 0; o < Out; o++)
                TensorPrimitives.Multiply(w.AsSpan(o * In, In), scale[o], w.AsSpan(o * In, In));
        return g.Gemm(input, w, FoldBias(bias.Value, scale, shift), In, Out);
    }
}
