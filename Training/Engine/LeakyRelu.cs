using System.Numerics.Tensors;
using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

public sealed class LeakyRelu(int[] shape, float alpha = 0.01f) : Activation(shape)
{
    public float Alpha { get; } = alpha;

    protected override void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : Alpha * x[i];
    }

    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : Alpha * dy[i];
    }

    public override string Export(GraphBuilder g, string input) => g.LeakyRelu(input, Alpha);
}
