using System.Numerics.Tensors;
using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

public sealed class Tanh(int[] shape) : Activation(shape)
{
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
    }

    public override string Export(GraphBuilder g, string input) => g.Tanh(input);
}
